// The billing module's stable error codes (documented in docs/errors.md).
// Clients branch on `code`; the texts shown are the catalog's `error.<CODE>`.
// Every code starts with BILLING_ (the architecture test wants the module's
// prefix), so "invoice exists" is BILLING_INVOICE_EXISTS, not INVOICE_EXISTS.
import { BilikError, defineError } from '../../kernel/index.js';

export const BillingErrors = {
  INVOICE_NOT_FOUND: defineError('BILLING_INVOICE_NOT_FOUND', 404, 'No invoice with this id.'),
  TARIFF_NOT_FOUND: defineError('BILLING_TARIFF_NOT_FOUND', 404, 'No tariff with this id.'),
  VISIT_NOT_FOUND: defineError('BILLING_VISIT_NOT_FOUND', 404, 'No visit (encounter) with this id.'),
  VISIT_NOT_FINISHED: defineError('BILLING_VISIT_NOT_FINISHED', 409, 'The visit is not finished yet; an invoice is made after the doctor finishes it.'),
  INVOICE_EXISTS: defineError('BILLING_INVOICE_EXISTS', 409, 'This visit already has an invoice that is not cancelled.'),
  INVOICE_STATE: defineError('BILLING_INVOICE_STATE', 409, 'The invoice is not in a state that allows this (cancelled, already paid, or has payments).'),
  RECORDS_UNAVAILABLE: defineError('BILLING_RECORDS_UNAVAILABLE', 503, 'Medical records are temporarily unavailable, so new invoices cannot be made right now. Existing invoices still take payments.'),
  PATIENTS_UNAVAILABLE: defineError('BILLING_PATIENTS_UNAVAILABLE', 503, 'The patient register is temporarily unavailable, so the payer cannot be checked and the invoice cannot be made right now.'),
} as const;

export function invoiceNotFound(): BilikError {
  return new BilikError(BillingErrors.INVOICE_NOT_FOUND);
}

export function tariffNotFound(): BilikError {
  return new BilikError(BillingErrors.TARIFF_NOT_FOUND);
}

/** 409 with the reason as a catalog key, so the cashier reads why (cancelled / paid / has payments). */
export function invoiceState(reasonKey: string, params?: Record<string, string | number>): BilikError {
  return new BilikError(BillingErrors.INVOICE_STATE, { message: reasonKey, ...(params && { params }) });
}
