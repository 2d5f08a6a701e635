import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, parseInvoiceNumber } from './numbering.js';
import { parseRupiahField } from './amount-input.js';

describe('invoice numbers', () => {
  it('format as INV-YYYYMMDD-NNN and grow past 999', () => {
    expect(formatInvoiceNumber('2026-03-05', 1)).toBe('INV-20260305-001');
    expect(formatInvoiceNumber('2026-12-31', 42)).toBe('INV-20261231-042');
    expect(formatInvoiceNumber('2026-12-31', 1234)).toBe('INV-20261231-1234');
  });

  it('refuse bad days and sequences', () => {
    expect(() => formatInvoiceNumber('2026-3-5', 1)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('2026-03-05', 0)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('2026-03-05', 1.5)).toThrow(RangeError);
  });

  it('parse back', () => {
    expect(parseInvoiceNumber('INV-20260305-007')).toEqual({ day: '2026-03-05', seq: 7 });
    expect(parseInvoiceNumber('inv-20260305-1234')).toEqual({ day: '2026-03-05', seq: 1234 });
    expect(parseInvoiceNumber('INV-2026-007')).toBeNull();
  });
});

describe('rupiah typed into a form', () => {
  it('reads plain digits and dotted thousands', () => {
    expect(parseRupiahField('50000')).toBe(50000);
    expect(parseRupiahField('50.000')).toBe(50000);
    expect(parseRupiahField('Rp 1.250.000')).toBe(1250000);
    expect(parseRupiahField(' 7500 ')).toBe(7500);
  });

  it('leaves anything else for the schema to reject', () => {
    for (const v of ['50,5', '50.5', '5.00', 'abc', '-100', '1e3', '']) expect(parseRupiahField(v)).toBe(v);
    expect(parseRupiahField(12)).toBe(12);
    expect(parseRupiahField('99999999999999999999')).toBe('99999999999999999999');
  });
});
