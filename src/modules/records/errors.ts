// The records module's stable error codes (documented in docs/errors.md).
import { defineError } from '../../kernel/index.js';

export const RecordsErrors = {
  NOT_FOUND: defineError('RECORDS_NOT_FOUND', 404, 'Not found.'),
} as const;
