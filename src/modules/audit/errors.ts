// The audit module's stable error codes (documented in docs/errors.md).
import { defineError } from '../../kernel/index.js';

export const AuditErrors = {
  NOT_FOUND: defineError('AUDIT_NOT_FOUND', 404, 'Not found.'),
} as const;
