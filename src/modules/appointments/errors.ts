// The appointments module's stable error codes (documented in docs/errors.md).
import { defineError } from '../../kernel/index.js';

export const AppointmentsErrors = {
  NOT_FOUND: defineError('APPOINTMENTS_NOT_FOUND', 404, 'Not found.'),
} as const;
