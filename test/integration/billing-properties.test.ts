// Hostile bodies on every billing write endpoint (fast-check): whatever is
// sent, the answer is never a 5xx, and a refused request stores nothing.
// Amounts get the full treatment: floats, negatives, strings, huge numbers,
// nulls, nested objects. A payment that is accepted must have been a whole,
// positive number of rupiah within the balance.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { queryModule } from '../support/patients.js';
import { createInvoice, createPoli, expectStatus, finishedVisit } from '../support/visit.js';

let c: Clinic;
let invoice: { id: number; balance: number; encounterId: number };
let tariffId: number;
const RUNS = 50;

/** Row counts of billing's tables, read from its own database in one query. */
async function counts(): Promise<Record<string, number>> {
  const [row] = await queryModule<any>(
    c.b,
    'billing',
    'select (select count(*) from tariffs) as tariffs, (select count(*) from invoices) as invoices, (select count(*) from invoice_lines) as lines, (select count(*) from payments) as payments',
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

const junk = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.double(),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.constantFrom(null, true, false, [], {}, '', ' ', 1e300, -1e300, Number.MAX_SAFE_INTEGER, 0.1, -0, '0x10', '1e3', '<script>', "'; drop table invoices; --"),
);

/** Amounts that must never be accepted: not integers, not positive, strings, or over any balance. */
const badAmount = fc.oneof(
  fc.double({ noInteger: true }),
  fc.integer({ max: 0 }),
  fc.integer({ min: 10_000_000, max: Number.MAX_SAFE_INTEGER }),
  fc.string(),
  fc.constantFrom(null, true, [], {}, 1e300, Infinity, '100', '1.000', Number.MIN_VALUE),
);

function body<T>(arb: fc.Arbitrary<T>) {
  return fc.oneof(junk, fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 5 }), arb);
}

beforeAll(async () => {
  c = await startClinic();
  const poli = await createPoli(c);
  const t = expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key: `consultation:${poli.code}`, name: 'Konsultasi', price: 50000 }), 201).body;
  tariffId = t.id;
  const v = await finishedVisit(c, poli.id);
  invoice = await createInvoice(c, v.encounterId);
});

afterAll(async () => {
  await c?.stop();
});

describe('billing write endpoints under hostile bodies', () => {
  it('POST /api/v1/billing/tariffs', async () => {
    const arb = body(fc.record({ key: fc.oneof(fc.string(), fc.constantFrom('drug:', 'drug:A B', 'lab:X', 'drug:' + 'X'.repeat(30))), name: junk, price: badAmount }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(arb, async (b) => {
        const before = await counts();
        const r = await c.api('admin', 'POST', '/api/v1/billing/tariffs', b);
        expect(r.status, r.text).toBeLessThan(500);
        if (r.status >= 400) expect(await counts()).toEqual(before);
        else expect(Number.isSafeInteger(r.body.price) && r.body.price >= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('PATCH /api/v1/billing/tariffs/:id', async () => {
    const arb = body(fc.record({ name: junk, price: badAmount, active: junk }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(arb, async (b) => {
        const before = await queryModule<any>(c.b, 'billing', 'select name, price, active from tariffs where id = ?', [tariffId]);
        const r = await c.api('admin', 'PATCH', `/api/v1/billing/tariffs/${tariffId}`, b);
        expect(r.status, r.text).toBeLessThan(500);
        const after = await queryModule<any>(c.b, 'billing', 'select name, price, active from tariffs where id = ?', [tariffId]);
        if (r.status >= 400) expect(after).toEqual(before);
        expect(Number.isSafeInteger(Number(after[0].price))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/billing/invoices', async () => {
    const arb = body(fc.record({ encounterId: fc.oneof(junk, fc.integer({ min: 100_000, max: 2 ** 31 - 1 })) }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(arb, async (b) => {
        const before = await counts();
        const r = await c.api('cashier', 'POST', '/api/v1/billing/invoices', b);
        expect(r.status, r.text).toBeLessThan(500);
        expect(r.status).not.toBe(201);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/billing/invoices/:id/payments', async () => {
    const method = fc.oneof(fc.constantFrom('cash', 'transfer', 'card'), junk);
    const arb = body(fc.record({ amount: fc.oneof(badAmount, junk), method, reference: junk }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(arb, async (b) => {
        const before = await counts();
        const r = await c.api('cashier', 'POST', `/api/v1/billing/invoices/${invoice.id}/payments`, b);
        expect(r.status, r.text).toBeLessThan(500);
        if (r.status === 201) {
          const amount = (b as { amount: unknown }).amount;
          expect(Number.isSafeInteger(amount) && (amount as number) > 0).toBe(true);
        } else {
          expect(await counts()).toEqual(before);
        }
        const [row] = await queryModule<any>(c.b, 'billing', 'select paid, patient_total from invoices where id = ?', [invoice.id]);
        expect(Number(row.paid)).toBeLessThanOrEqual(Number(row.patient_total));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/billing/invoices/:id/cancel (hostile reasons on a paid-into invoice) and hostile ids', async () => {
    // One real payment first, so no body can cancel it.
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${invoice.id}/payments`, { amount: 1, method: 'cash' }), 201);
    const arb = fc.tuple(body(fc.record({ reason: junk }, { requiredKeys: [] })), fc.oneof(fc.constant(String(invoice.id)), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('0', '-1', '1.5', '99999999999', 'abc')));
    await fc.assert(
      fc.asyncProperty(arb, async ([b, id]) => {
        const before = await queryModule<any>(c.b, 'billing', 'select status from invoices order by id');
        const r = await c.api('cashier', 'POST', `/api/v1/billing/invoices/${id}/cancel`, b);
        expect(r.status, r.text).toBeLessThan(500);
        expect(r.status).not.toBe(200);
        expect(await queryModule<any>(c.b, 'billing', 'select status from invoices order by id')).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('form posts with hostile fields never 5xx either', async () => {
    const field = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '12,5', '1.5', '-100', '1e9', '999999999999999999', 'Rp', '<b>'));
    await fc.assert(
      fc.asyncProperty(field, field, field, async (amount, method, reason) => {
        const before = await counts();
        const pay = await c.page('cashier', 'POST', `/billing/invoices/${invoice.id}/payments`, { amount, method });
        expect(pay.status).toBeLessThan(500);
        const cancel = await c.page('cashier', 'POST', `/billing/invoices/${invoice.id}/cancel`, { reason });
        expect(cancel.status).toBeLessThan(500);
        const tariff = await c.page('admin', 'POST', '/billing/tariffs', { kind: method, code: reason, name: amount, price: amount });
        expect(tariff.status).toBeLessThan(500);
        const after = await counts();
        if (pay.status !== 303) expect(after.payments).toBe(before.payments);
        if (tariff.status !== 303) expect(after.tariffs).toBe(before.tariffs);
      }),
      { numRuns: 25 },
    );
  });
});
