import { describe, expect, it } from 'vitest';
import type { InvoiceLine } from './lines.js';
import { balanceOf, cancelProblem, invoiceTotals, paymentProblem, statusFor, sumAmounts } from './totals.js';

const lines = (amounts: number[]): InvoiceLine[] =>
  amounts.map((amount, i) => ({ kind: 'drug', code: `D${i}`, description: '', quantity: 1, unitPrice: amount, amount, tariffMissing: false }));

describe('invoice totals', () => {
  it('general and insurance: the patient pays the whole total', () => {
    expect(invoiceTotals(lines([50000, 75000, 7500]), 'general')).toEqual({ total: 132500, covered: 0, patientTotal: 132500 });
    expect(invoiceTotals(lines([50000]), 'insurance')).toEqual({ total: 50000, covered: 0, patientTotal: 50000 });
  });

  it('BPJS covers everything: zero patient charge', () => {
    expect(invoiceTotals(lines([50000, 100000]), 'bpjs')).toEqual({ total: 150000, covered: 150000, patientTotal: 0 });
  });

  it('refuses non-integer amounts', () => {
    expect(() => sumAmounts([1.5])).toThrow(RangeError);
    expect(() => sumAmounts([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(sumAmounts([])).toBe(0);
  });
});

describe('status and balance', () => {
  it('moves unpaid → partial → paid', () => {
    expect(statusFor(100000, 0)).toBe('unpaid');
    expect(statusFor(100000, 40000)).toBe('partial');
    expect(statusFor(100000, 100000)).toBe('paid');
    expect(statusFor(0, 0)).toBe('paid');
    expect(balanceOf(100000, 40000)).toBe(60000);
    expect(balanceOf(0, 0)).toBe(0);
  });

  it('refuses payments that would overpay or pay a closed invoice', () => {
    expect(paymentProblem('unpaid', 60000, 60000)).toBeNull();
    expect(paymentProblem('partial', 60000, 60001)).toBe('overBalance');
    expect(paymentProblem('unpaid', 60000, 0)).toBe('notPositive');
    expect(paymentProblem('unpaid', 60000, -5)).toBe('notPositive');
    expect(paymentProblem('unpaid', 60000, 1.5)).toBe('notPositive');
    expect(paymentProblem('cancelled', 60000, 100)).toBe('cancelled');
    expect(paymentProblem('paid', 0, 100)).toBe('paid');
  });

  it('lets only an invoice with nothing paid be cancelled', () => {
    expect(cancelProblem('unpaid', 0, 0)).toBeNull();
    expect(cancelProblem('paid', 0, 0)).toBeNull();
    expect(cancelProblem('partial', 5000, 1)).toBe('hasPayments');
    expect(cancelProblem('cancelled', 0, 0)).toBe('cancelled');
  });
});
