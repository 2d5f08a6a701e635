// The audit module's stable error codes (documented in docs/errors.md).
// Malformed filters are the kernel's VALIDATION_FAILED; this one is the only
// filter error a field-by-field check cannot catch.
import { BilikError, defineError } from '../../kernel/index.js';

export const AuditErrors = {
  /** `from` is after `to`: the range is empty by construction, almost surely a typo. */
  RANGE_REVERSED: defineError('AUDIT_RANGE_REVERSED', 422, 'The "from" day is after the "to" day.'),
} as const;

export function rangeReversed(): BilikError {
  return new BilikError(AuditErrors.RANGE_REVERSED, { fields: { to: 'audit.error.rangeReversed' } });
}
