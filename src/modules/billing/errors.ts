// The billing module's stable error codes (documented in docs/errors.md).
import { defineError } from '../../kernel/index.js';

export const BillingErrors = {
  NOT_FOUND: defineError('BILLING_NOT_FOUND', 404, 'Not found.'),
} as const;
