// Invoice arithmetic in integer rupiah: totals, who pays (BPJS covers the
// whole visit at a Puskesmas / klinik pratama under capitation), the status a
// payment leads to, and what a payment or a cancellation may do.
import type { InvoiceLine } from './lines.js';

export const PAYERS = ['general', 'bpjs', 'insurance'] as const;
export type Payer = (typeof PAYERS)[number];
export const INVOICE_STATUSES = ['unpaid', 'partial', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PAYMENT_METHODS = ['cash', 'transfer', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface Totals {
  total: number;
  /** Borne by BPJS (the whole total) or 0; the patient owes `patientTotal`. */
  covered: number;
  patientTotal: number;
}

export function sumAmounts(amounts: readonly number[]): number {
  let sum = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new RangeError('amounts are integer rupiah');
    sum += a;
  }
  if (!Number.isSafeInteger(sum)) throw new RangeError('total out of range');
  return sum;
}

/**
 * BPJS: the visit is covered in full, the patient pays nothing. General and
 * private insurance: the patient pays at the desk (insurance patients claim
 * the receipt back from their insurer).
 */
export function invoiceTotals(lines: readonly InvoiceLine[], payer: Payer): Totals {
  const total = sumAmounts(lines.map((l) => l.amount));
  return payer === 'bpjs' ? { total, covered: total, patientTotal: 0 } : { total, covered: 0, patientTotal: total };
}

/** Nothing left to pay is 'paid' (also a BPJS or a zero invoice); some paid is 'partial'. */
export function statusFor(patientTotal: number, paid: number): Exclude<InvoiceStatus, 'cancelled'> {
  if (paid >= patientTotal) return 'paid';
  return paid === 0 ? 'unpaid' : 'partial';
}

export function balanceOf(patientTotal: number, paid: number): number {
  return Math.max(0, patientTotal - paid);
}

/** Why a payment is refused, or null when it may be taken. */
export function paymentProblem(status: InvoiceStatus, balance: number, amount: number): 'cancelled' | 'paid' | 'notPositive' | 'overBalance' | null {
  if (status === 'cancelled') return 'cancelled';
  if (status === 'paid' || balance <= 0) return 'paid';
  if (!Number.isSafeInteger(amount) || amount <= 0) return 'notPositive';
  if (amount > balance) return 'overBalance';
  return null;
}

/**
 * An invoice may be cancelled only while nothing has been paid on it: a
 * fully covered (BPJS) or zero invoice without payments can still be
 * cancelled and made again, e.g. after fixing the payer or a missing tariff.
 */
export function cancelProblem(status: InvoiceStatus, paid: number, payments: number): 'cancelled' | 'hasPayments' | null {
  if (status === 'cancelled') return 'cancelled';
  if (paid > 0 || payments > 0) return 'hasPayments';
  return null;
}
