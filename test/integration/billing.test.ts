// Billing end to end over HTTP, on SQLite and Postgres: tariffs, invoices
// from finished visits (exact totals, BPJS coverage, missing tariffs), partial
// and full payments, overpayment and state conflicts with nothing stored,
// concurrency (payments never overpay, numbers never repeat), the daily
// report, the receipt and cashier pages, permissions, audit entries, and the
// degraded paths (records or patients down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { countTable, queryModule } from '../support/patients.js';
import { createInvoice, createPoli, expectStatus, finishedVisit, pay, recordVitals, registerPatient, walkIn } from '../support/visit.js';

let c: Clinic;
let poli: { id: number; code: string; name: string };

const PRICES = { consult: 50000, ekg: 75000, pct: 500, amx: 1500 };

async function setTariff(key: string, name: string, price: number): Promise<any> {
  const r = await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key, name, price });
  expect([200, 201], r.text).toContain(r.status);
  return r.body;
}

async function chaos(module: string, fault: 'throw' | 'none'): Promise<void> {
  expectStatus(await c.api('admin', 'POST', '/_chaos', { module, fault }), 200);
}

/** After a fault is cleared: wait until the module's breaker lets calls through again. */
async function recovered(probe: () => Promise<boolean>, boundMs = 30_000): Promise<void> {
  const until = Date.now() + boundMs;
  while (Date.now() < until) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('module did not recover in time');
}
const recordsUp = async () => (await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: 987654 })).status === 404;
const patientsUp = async () => (await c.api('front_desk', 'GET', '/api/v1/patients')).status === 200;
const staffUp = async () => (await c.api('admin', 'GET', '/api/v1/billing/reports/daily')).body?.payments?.byCashier?.every((x: any) => x.resolved) === true;

async function payments(invoiceId: number): Promise<Array<{ amount: number; method: string; cashier_id: number }>> {
  const rows = await queryModule<any>(c.b, 'billing', 'select amount, method, cashier_id from payments where invoice_id = ? order by id', [invoiceId]);
  return rows.map((r) => ({ amount: Number(r.amount), method: r.method, cashier_id: Number(r.cashier_id) }));
}

beforeAll(async () => {
  // A long auth cache keeps tokens verified while the staff module is faulted.
  c = await startClinic({ env: { BILIK_CHAOS: '1', BILIK_AUTH_CACHE_MS: '60000' } });
  poli = await createPoli(c);
  await setTariff(`consultation:${poli.code}`, 'Konsultasi uji', PRICES.consult);
  await setTariff('procedure:89.52', 'EKG', PRICES.ekg);
  await setTariff('drug:PCT500', 'Paracetamol 500 mg', PRICES.pct);
  await setTariff('drug:AMX500', 'Amoxicillin 500 mg', PRICES.amx);
});

afterAll(async () => {
  await c?.stop();
});

describe('tariffs', () => {
  it('upserts by key (201 then 200, same id), lists, patches; admin only', async () => {
    const first = expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key: 'procedure:96.59', name: 'Rawat luka', price: 35000 }), 201).body;
    expect(first).toMatchObject({ key: 'procedure:96.59', kind: 'procedure', code: '96.59', price: 35000, active: true });
    const again = expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key: 'procedure:96.59', name: 'Irigasi luka', price: 40000 }), 200).body;
    expect(again).toMatchObject({ id: first.id, name: 'Irigasi luka', price: 40000 });
    const patched = expectStatus(await c.api('admin', 'PATCH', `/api/v1/billing/tariffs/${first.id}`, { price: 35000, active: false }), 200).body;
    expect(patched).toMatchObject({ id: first.id, price: 35000, active: false });
    const list = expectStatus(await c.api('admin', 'GET', '/api/v1/billing/tariffs'), 200).body.items;
    expect(list.find((t: any) => t.key === 'drug:PCT500')).toMatchObject({ price: PRICES.pct });
    expect(list.filter((t: any) => t.key === 'procedure:96.59')).toHaveLength(1);
    expectStatus(await c.api('admin', 'PATCH', '/api/v1/billing/tariffs/999999', { price: 1 }), 404);
    expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/tariffs', { key: 'drug:X1', name: 'X', price: 1 }), 403);
  });

  it('refuses non-integer, negative or string prices and bad keys with field messages, storing nothing', async () => {
    const before = await countTable(c.b, 'billing', 'tariffs');
    for (const body of [
      { key: 'drug:F1', name: 'Float', price: 1500.5 },
      { key: 'drug:F2', name: 'Negative', price: -1 },
      { key: 'drug:F3', name: 'String', price: '1500' },
      { key: 'lab:GDS', name: 'Bad key', price: 1000 },
      { key: 'drug:F4', name: '', price: 1000 },
    ]) {
      const r = expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', body), 422);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(r.body.error.fields).length).toBeGreaterThan(0);
    }
    expect(await countTable(c.b, 'billing', 'tariffs')).toBe(before);
  });
});

describe('invoices', () => {
  it('prices consultation, procedure and drugs exactly, and audits the create and the read', async () => {
    const v = await finishedVisit(c, poli.id, { procedure: '89.52', drug: { drugCode: 'PCT500', quantity: 10 } });
    const inv = await createInvoice(c, v.encounterId);
    expect(inv.number).toMatch(/^INV-\d{8}-\d{3,}$/);
    expect(inv).toMatchObject({ encounterId: v.encounterId, patientId: v.patient.id, payer: 'general', status: 'unpaid', payments: [] });
    expect(inv.lines.map((l: any) => [l.kind, l.code, l.quantity, l.unitPrice, l.amount, l.tariffMissing])).toEqual([
      ['consultation', poli.code, 1, PRICES.consult, PRICES.consult, false],
      ['procedure', '89.52', 1, PRICES.ekg, PRICES.ekg, false],
      ['drug', 'PCT500', 10, PRICES.pct, 10 * PRICES.pct, false],
    ]);
    const total = PRICES.consult + PRICES.ekg + 10 * PRICES.pct;
    expect(inv).toMatchObject({ total, covered: 0, patientTotal: total, paid: 0, balance: total });
    for (const k of ['total', 'covered', 'patientTotal', 'paid', 'balance']) expect(Number.isInteger(inv[k])).toBe(true);
    const got = expectStatus(await c.api('cashier', 'GET', `/api/v1/billing/invoices/${inv.id}`), 200).body;
    expect(got).toEqual(inv);
    const audit = await queryModule<any>(c.b, 'billing', 'select action, entity, patient_id, user_id from audit_log where encounter_id = ? order by id', [v.encounterId]);
    expect(audit.map((a) => `${a.action}:${a.entity}`)).toEqual(['create:invoice', 'read:invoice']);
    expect(Number(audit[0].patient_id)).toBe(v.patient.id);
    expect(Number(audit[0].user_id)).toBe(c.staff.cashier.id);
  });

  it('bills an item without a tariff at Rp 0, marked, without blocking', async () => {
    const v = await finishedVisit(c, poli.id, { drug: { drugCode: 'CTM4', quantity: 6 } });
    const inv = await createInvoice(c, v.encounterId);
    const line = inv.lines.find((l: any) => l.code === 'CTM4');
    expect(line).toMatchObject({ kind: 'drug', quantity: 6, unitPrice: 0, amount: 0, tariffMissing: true });
    expect(inv.total).toBe(PRICES.consult);
    const page = expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${inv.id}`), 200);
    expect(page.text).toContain('No tariff set');
  });

  it('BPJS: covered in full, zero patient charge, recorded as paid; no payment accepted', async () => {
    const v = await finishedVisit(c, poli.id, { payer: 'bpjs', drug: { drugCode: 'AMX500', quantity: 15 } });
    const inv = await createInvoice(c, v.encounterId);
    const total = PRICES.consult + 15 * PRICES.amx;
    expect(inv).toMatchObject({ payer: 'bpjs', status: 'paid', total, covered: total, patientTotal: 0, paid: 0, balance: 0 });
    const r = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 1, method: 'cash' }), 409);
    expect(r.body.error.code).toBe('BILLING_INVOICE_STATE');
    const receipt = expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${inv.id}/receipt`), 200);
    expect(receipt.text).toContain('Covered by BPJS');
  });

  it('an unfinished visit answers 409, an unknown one 404, a bad body 422; nothing stored', async () => {
    const before = await countTable(c.b, 'billing', 'invoices');
    const patient = await registerPatient(c);
    const q = await walkIn(c, patient.id, poli.id, c.staff.doctor.id);
    await recordVitals(c, q.encounterId);
    const r = expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: q.encounterId }), 409);
    expect(r.body.error.code).toBe('BILLING_VISIT_NOT_FINISHED');
    expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: 987654 }), 404);
    for (const body of [{}, { encounterId: 'x' }, { encounterId: 1.5 }, { encounterId: -1 }, { encounterId: 1, extra: true }]) {
      expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices', body), 422);
    }
    expect(await countTable(c.b, 'billing', 'invoices')).toBe(before);
  });

  it('one live invoice per visit: a duplicate is 409, also when raced; cancelling frees the visit', async () => {
    const v = await finishedVisit(c, poli.id);
    const raced = await Promise.all(Array.from({ length: 4 }, () => c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: v.encounterId })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const first = raced.find((r) => r.status === 201)!.body;
    const dup = expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: v.encounterId }), 409);
    expect(dup.body.error.code).toBe('BILLING_INVOICE_EXISTS');
    expect(dup.body.error.message).toContain(first.number);
    const cancelled = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${first.id}/cancel`, { reason: 'Salah penjamin' }), 200).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Salah penjamin', balance: 0 });
    const second = await createInvoice(c, v.encounterId);
    expect(second.id).not.toBe(first.id);
    expect(second.number).not.toBe(first.number);
  });

  it('concurrent invoices of different visits get distinct sequential numbers', async () => {
    const visits = [];
    for (let i = 0; i < 4; i++) visits.push(await finishedVisit(c, poli.id));
    const made = await Promise.all(visits.map((v) => c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: v.encounterId })));
    for (const r of made) expectStatus(r, 201);
    const numbers = made.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(4);
    const all = await queryModule<any>(c.b, 'billing', 'select number from invoices');
    expect(new Set(all.map((r) => r.number)).size).toBe(all.length);
  });

  it('lists a day by status; rejects a bad date', async () => {
    const paid = expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/invoices?status=paid'), 200).body;
    expect(paid.items.length).toBeGreaterThan(0);
    expect(paid.items.every((i: any) => i.status === 'paid')).toBe(true);
    const all = expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/invoices'), 200).body;
    expect(all.items.length).toBeGreaterThanOrEqual(paid.items.length);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/invoices?date=2026-13-45'), 422);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/invoices?status=lunas'), 422);
    const old = expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/invoices?date=2001-01-01'), 200).body;
    expect(old.items).toEqual([]);
  });
});

describe('payments', () => {
  it('partial then full payment; each payment records the cashier; audited', async () => {
    const v = await finishedVisit(c, poli.id, { procedure: '89.52' });
    const inv = await createInvoice(c, v.encounterId);
    expect(inv.balance).toBe(PRICES.consult + PRICES.ekg);
    const part = await pay(c, inv.id, 25000, 'cash');
    expect(part).toMatchObject({ status: 'partial', paid: 25000, balance: inv.balance - 25000 });
    expect(part.payments).toHaveLength(1);
    expect(part.payments[0]).toMatchObject({ amount: 25000, method: 'cash', cashierId: c.staff.cashier.id });
    const full = await pay(c, inv.id, inv.balance - 25000, 'transfer');
    expect(full).toMatchObject({ status: 'paid', paid: inv.balance, balance: 0 });
    const again = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 1, method: 'cash' }), 409);
    expect(again.body.error.code).toBe('BILLING_INVOICE_STATE');
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/cancel`, { reason: 'Terlanjur' }), 409);
    const audit = await queryModule<any>(c.b, 'billing', "select entity from audit_log where encounter_id = ? and action = 'create' order by id", [v.encounterId]);
    expect(audit.map((a) => a.entity)).toEqual(['invoice', 'payment', 'payment']);
  });

  it('overpaying, zero, negative, float or string amounts are 422 on amount naming the balance; nothing stored', async () => {
    const v = await finishedVisit(c, poli.id);
    const inv = await createInvoice(c, v.encounterId);
    const over = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: inv.balance + 1, method: 'cash' }), 422);
    expect(over.body.error.fields.amount).toContain('50,000');
    for (const amount of [0, -100, 100.5, '1000', null, 1e300, Number.MAX_SAFE_INTEGER]) {
      const r = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount, method: 'cash' }), 422);
      expect(r.body.error.fields.amount).toBeTruthy();
    }
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 100, method: 'cheque' }), 422);
    expect(await payments(inv.id)).toEqual([]);
    const still = expectStatus(await c.api('cashier', 'GET', `/api/v1/billing/invoices/${inv.id}`), 200).body;
    expect(still).toMatchObject({ status: 'unpaid', paid: 0, balance: inv.balance });
    expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices/999999/payments', { amount: 100, method: 'cash' }), 404);
  });

  it('a cancelled invoice takes no payment (409); cancel needs a reason', async () => {
    const v = await finishedVisit(c, poli.id);
    const inv = await createInvoice(c, v.encounterId);
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/cancel`, {}), 422);
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/cancel`, { reason: 'Pasien batal' }), 200);
    const r = expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 1000, method: 'cash' }), 409);
    expect(r.body.error.code).toBe('BILLING_INVOICE_STATE');
    expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/cancel`, { reason: 'Lagi' }), 409);
    expect(await payments(inv.id)).toEqual([]);
  });

  it('concurrent payments never overpay', async () => {
    const v = await finishedVisit(c, poli.id, { procedure: '89.52' });
    const inv = await createInvoice(c, v.encounterId);
    const half = inv.balance / 2;
    expect(Number.isInteger(half)).toBe(true);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.api('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: half, method: i % 2 ? 'card' : 'cash' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 422)).toBe(true);
    const rows = await payments(inv.id);
    expect(rows.reduce((s, p) => s + p.amount, 0)).toBe(inv.balance);
    const after = expectStatus(await c.api('cashier', 'GET', `/api/v1/billing/invoices/${inv.id}`), 200).body;
    expect(after).toMatchObject({ status: 'paid', paid: inv.balance, balance: 0 });
  });
});

describe('daily report', () => {
  it('adds the day up by method and by cashier, with the invoices made that day', async () => {
    const before = expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/reports/daily'), 200).body;
    const v = await finishedVisit(c, poli.id, { payer: 'bpjs' });
    const bpjs = await createInvoice(c, v.encounterId);
    const w = await finishedVisit(c, poli.id, { procedure: '89.52' });
    const inv = await createInvoice(c, w.encounterId);
    await pay(c, inv.id, 30000, 'cash');
    await pay(c, inv.id, 20000, 'transfer');
    await pay(c, inv.id, 7000, 'card');
    const after = expectStatus(await c.api('admin', 'GET', '/api/v1/billing/reports/daily'), 200).body;
    expect(after.date).toBe(before.date);
    const method = (r: any, m: string) => r.payments.byMethod.find((x: any) => x.method === m);
    expect(method(after, 'cash').sum - method(before, 'cash').sum).toBe(30000);
    expect(method(after, 'transfer').sum - method(before, 'transfer').sum).toBe(20000);
    expect(method(after, 'card').sum - method(before, 'card').sum).toBe(7000);
    expect(method(after, 'cash').count - method(before, 'cash').count).toBe(1);
    expect(after.payments.total.sum - before.payments.total.sum).toBe(57000);
    const cashier = after.payments.byCashier.find((x: any) => x.cashierId === c.staff.cashier.id);
    expect(cashier).toMatchObject({ name: 'Agus Salim', sum: after.payments.total.sum, count: after.payments.total.count });
    expect(after.invoices.count - before.invoices.count).toBe(2);
    expect(after.invoices.coveredBpjs - before.invoices.coveredBpjs).toBe(bpjs.covered);
    expect(after.invoices.totalBilled - before.invoices.totalBilled).toBe(bpjs.total + inv.total);
    expect(after.invoices.outstanding - before.invoices.outstanding).toBe(inv.total - 57000);
    // Independent check against the stored rows.
    const rows = await queryModule<any>(c.b, 'billing', 'select method, amount from payments');
    expect(rows.reduce((s, r) => s + Number(r.amount), 0)).toBe(after.payments.total.sum);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/reports/daily?date=yesterday'), 422);
    const empty = expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/reports/daily?date=2001-01-01'), 200).body;
    expect(empty.payments.total).toEqual({ count: 0, sum: 0 });
  });
});

describe('pages', () => {
  it('cashier home lists finished visits awaiting an invoice and open invoices', async () => {
    const v = await finishedVisit(c, poli.id);
    const open = await createInvoice(c, (await finishedVisit(c, poli.id)).encounterId);
    const home = expectStatus(await c.page('cashier', 'GET', '/billing'), 200);
    expect(home.text).toContain(v.patient.fullName);
    expect(home.text).toContain(`name="encounterId" value="${v.encounterId}"`);
    expect(home.text).toContain(open.number);
    // The button makes the invoice and opens it.
    const made = await c.page('cashier', 'POST', '/billing/invoices', { encounterId: String(v.encounterId) });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toMatch(/^\/billing\/invoices\/\d+$/);
    const again = await c.page('cashier', 'POST', '/billing/invoices', { encounterId: String(v.encounterId) });
    expect(again.headers.get('location')).toBe(made.headers.get('location'));
  });

  it('invoice page takes a payment through the form ("10.000"), and re-renders errors inline', async () => {
    const inv = await createInvoice(c, (await finishedVisit(c, poli.id)).encounterId);
    const page = expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${inv.id}`), 200);
    expect(page.text).toContain(inv.number);
    expect(page.text).toContain(`value="${inv.balance}"`);
    const bad = await c.page('cashier', 'POST', `/billing/invoices/${inv.id}/payments`, { amount: '12,5', method: 'cash' }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('id="invoice-page"');
    const over = await c.page('cashier', 'POST', `/billing/invoices/${inv.id}/payments`, { amount: String(inv.balance + 1000), method: 'cash' });
    expect(over.status).toBe(422);
    expect(over.text).toContain('more than the balance');
    expect(await payments(inv.id)).toEqual([]);
    const ok = await c.page('cashier', 'POST', `/billing/invoices/${inv.id}/payments`, { amount: '10.000', method: 'transfer', reference: 'TRX-1' });
    expect(ok.status).toBe(303);
    expect(await payments(inv.id)).toEqual([{ amount: 10000, method: 'transfer', cashier_id: c.staff.cashier.id }]);
  });

  it('receipt renders the lines, totals, payments and cashier, printable', async () => {
    const v = await finishedVisit(c, poli.id, { procedure: '89.52', drug: { drugCode: 'PCT500', quantity: 10 } });
    const inv = await createInvoice(c, v.encounterId);
    await pay(c, inv.id, inv.balance, 'cash');
    const r = expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${inv.id}/receipt`), 200);
    for (const text of [inv.number, 'Paracetamol 500 mg', 'EKG', 'Konsultasi uji', 'Rp 130,000', v.patient.fullName, v.patient.mrn, 'Agus Salim', 'data-print', '/static/print.js']) expect(r.text).toContain(text);
    const js = await fetch(`${c.url}/static/print.js`);
    expect(js.status).toBe(200);
  });

  it('report, tariffs and the dashboard panel render for the admin', async () => {
    const report = expectStatus(await c.page('admin', 'GET', '/billing/reports/daily'), 200);
    expect(report.text).toContain('Daily cash report');
    expect(report.text).toContain('Agus Salim');
    const tariffs = expectStatus(await c.page('admin', 'GET', '/billing/tariffs'), 200);
    expect(tariffs.text).toContain(poli.code);
    expect(tariffs.text).toContain(poli.name);
    const panel = expectStatus(await c.page('admin', 'GET', '/billing/_panel/today'), 200);
    expect(panel.text).toContain('Rp ');
    const bad = await c.page('admin', 'POST', '/billing/tariffs', { kind: 'drug', code: 'ZZ1', name: 'Obat Z', price: '1,5' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid="true"');
    const ok = await c.page('admin', 'POST', '/billing/tariffs', { kind: 'drug', code: 'zz1', name: 'Obat Z', price: '2.500' });
    expect(ok.status).toBe(303);
    const list = expectStatus(await c.api('admin', 'GET', '/api/v1/billing/tariffs'), 200).body.items;
    expect(list.find((t: any) => t.key === 'drug:ZZ1')).toMatchObject({ price: 2500 });
  });

  it('the cashier lands on /billing', async () => {
    const r = await c.page('cashier', 'GET', '/');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/billing');
  });
});

describe('permissions', () => {
  it('doctor, nurse and front desk cannot read invoices; admin reports and tariffs but takes no payment', async () => {
    const inv = await createInvoice(c, (await finishedVisit(c, poli.id)).encounterId);
    for (const role of ['doctor', 'nurse', 'front_desk'] as const) {
      expectStatus(await c.api(role, 'GET', `/api/v1/billing/invoices/${inv.id}`), 403);
      expectStatus(await c.api(role, 'GET', '/api/v1/billing/invoices'), 403);
      expectStatus(await c.api(role, 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 1, method: 'cash' }), 403);
      expectStatus(await c.api(role, 'GET', '/api/v1/billing/reports/daily'), 403);
      expectStatus(await c.page(role, 'GET', `/billing/invoices/${inv.id}/receipt`), 403);
    }
    expectStatus(await c.api('admin', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: 1, method: 'cash' }), 403);
    expectStatus(await c.api('admin', 'POST', '/api/v1/billing/invoices', { encounterId: inv.encounterId }), 403);
    expectStatus(await c.api('admin', 'GET', `/api/v1/billing/invoices/${inv.id}`), 403);
    expectStatus(await c.api('admin', 'GET', '/api/v1/billing/reports/daily'), 200);
    expectStatus(await c.api('admin', 'GET', '/api/v1/billing/tariffs'), 200);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/billing/tariffs'), 403);
    expect(await payments(inv.id)).toEqual([]);
  });
});

describe('degraded', () => {
  it('records down: new invoices 503 (nothing stored), payments still work, /billing shows a note', async () => {
    const waiting = await finishedVisit(c, poli.id);
    const open = await createInvoice(c, (await finishedVisit(c, poli.id)).encounterId);
    const before = await countTable(c.b, 'billing', 'invoices');
    await chaos('records', 'throw');
    try {
      const r = await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: waiting.encounterId });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('BILLING_RECORDS_UNAVAILABLE');
      expect(r.body.error.message).toMatch(/existing invoices still take payments/i);
      expect(await countTable(c.b, 'billing', 'invoices')).toBe(before);
      const paid = await pay(c, open.id, 1000, 'cash');
      expect(paid.status).toBe('partial');
      const home = expectStatus(await c.page('cashier', 'GET', '/billing'), 200);
      expect(home.text).toContain('Medical records cannot be reached');
      expect(home.text).toContain(open.number);
      const button = await c.page('cashier', 'POST', '/billing/invoices', { encounterId: String(waiting.encounterId) }, { 'HX-Request': 'true' });
      expect(button.status).toBe(503);
      expect(button.text).toContain('role="alert"');
    } finally {
      await chaos('records', 'none');
      await recovered(recordsUp);
    }
  });

  it('patients down: invoices 503 (payer unknown), pages show ids; staff down: report names "staff #id"', async () => {
    const v = await finishedVisit(c, poli.id);
    const open = await createInvoice(c, (await finishedVisit(c, poli.id)).encounterId);
    await chaos('patients', 'throw');
    try {
      const r = await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: v.encounterId });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('BILLING_PATIENTS_UNAVAILABLE');
      const page = expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${open.id}`), 200);
      expect(page.text).toContain(`Patient #${open.patientId}`);
      expectStatus(await c.page('cashier', 'GET', `/billing/invoices/${open.id}/receipt`), 200);
    } finally {
      await chaos('patients', 'none');
      await recovered(patientsUp);
    }
    await pay(c, open.id, 1000, 'cash');
    await chaos('staff', 'throw');
    try {
      const report = expectStatus(await c.api('admin', 'GET', '/api/v1/billing/reports/daily'), 200).body;
      expect(report.payments.byCashier.find((x: any) => x.cashierId === c.staff.cashier.id)).toMatchObject({ name: `staff #${c.staff.cashier.id}`, resolved: false });
    } finally {
      await chaos('staff', 'none');
      await recovered(staffUp);
    }
  });
});
