// One whole visit through the five roles, in Debian's Chromium, in Indonesian
// (the clinic default), the way staff click through it: front desk registers
// and queues the patient, the nurse records vitals, the doctor calls, examines,
// diagnoses, prescribes and finishes, the cashier invoices, takes the payment
// and opens the receipt, and the admin finds it all in the audit log.
// Screenshots of every step land in test-artifacts/visit-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages as appointments } from '../../src/modules/appointments/messages.js';
import { messages as audit } from '../../src/modules/audit/messages.js';
import { messages as billing } from '../../src/modules/billing/messages.js';
import { messages as patients } from '../../src/modules/patients/messages.js';
import { messages as records } from '../../src/modules/records/messages.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.js';
import { startClinic, type Clinic, type ClinicRole } from '../support/clinic.js';
import { createPoli, expectStatus } from '../support/visit.js';
import { ROOT } from '../support/server.js';

// Page functions run in the browser; the suite compiles without the DOM library.
declare const document: { querySelector(sel: string): unknown };

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const t = (catalog: { id: Record<string, string> }, key: string): string => {
  const s = catalog.id[key];
  if (!s) throw new Error(`no catalog text for ${key}`);
  return s;
};

let c: Clinic;
let browser: Browser;
let poli: { id: number; name: string; queuePrefix: string };
const csp: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  c = await startClinic({ env: { BILIK_LOCALE: 'id' } });
  poli = await createPoli(c, { code: 'UMUM', name: 'Poli Umum', room: 'Ruang 1', queuePrefix: 'U' });
  // The tariffs the cashier's invoice is built from (admin's job, done through the API here).
  for (const [key, name, price] of [
    ['consultation:UMUM', 'Konsultasi Poli Umum', 50_000],
    ['drug:PCT500', 'Paracetamol 500 mg', 500],
  ] as const) {
    expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key, name, price }), 201);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await c?.stop();
});

/** A fresh browser session for one role, logged in through the login form. */
async function as(role: ClinicRole): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  const page = await context.newPage();
  // "Finish the visit?" and similar hx-confirm questions: staff answer yes.
  page.on('dialog', (d) => void d.accept());
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) csp.push(`${page.url()}: ${msg.text()}`);
  });
  await page.goto(`${c.url}/login`);
  await page.locator('#username').fill(c.staff[role].username);
  await page.locator('#password').fill(c.staff[role].password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.locator('form button[type="submit"]').last().click()]);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // caret 'initial': Playwright's default caret hiding injects a style the page's CSP (rightly) reports.
  await page.screenshot({ path: path.join(ARTIFACTS, `visit-${name}.png`), fullPage: true, caret: 'initial' });
}

const main = (page: Page) => page.locator('main');

/** Clicks a form's button and waits until htmx has posted it and swapped the answer in (no racing the next field). */
async function submit(page: Page, button: string, urlPart: string): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(urlPart)),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
}

describe('one visit through all five roles (Chromium, Bahasa Indonesia)', () => {
  let patientId = 0;
  let encounterId = 0;
  let invoiceId = 0;

  it('front desk registers the patient and adds them to today\'s queue', async () => {
    const page = await as('front_desk');
    expect(new URL(page.url()).pathname).toBe('/appointments/queue');
    await page.goto(`${c.url}/patients/new`);
    await page.locator('#patient-nik').fill('3171045708900003');
    await page.locator('#patient-fullName').fill('Wulan Permatasari');
    await page.locator('#patient-sex').selectOption('F');
    await page.locator('#patient-birthDate').fill('1990-08-17');
    await page.locator('#patient-payer').selectOption('general');
    await Promise.all([page.waitForURL(/\/patients\/\d+$/), page.getByRole('button', { name: t(patients, 'patients.action.register') }).click()]);
    patientId = Number(/\/patients\/(\d+)$/.exec(page.url())![1]);
    await expect.poll(() => main(page).innerText()).toContain('Wulan Permatasari');
    await shot(page, '1-registered');

    await Promise.all([page.waitForURL(/\/appointments\/queue\/new/), page.getByRole('link', { name: t(patients, 'patients.action.addToQueue') }).click()]);
    await page.locator('#walkin-poliId').selectOption(String(poli.id));
    await page.locator('#walkin-doctorId').selectOption(String(c.staff.doctor.id));
    await page.getByRole('button', { name: t(appointments, 'appointments.walkIn.submit') }).click();
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toMatch(/U-001/);
    await shot(page, '2-queued');
    const q = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body;
    const entry = q.entries.find((e: { patientId: number }) => e.patientId === patientId);
    expect(entry).toMatchObject({ number: 'U-001', status: 'waiting' });
    encounterId = entry.encounterId;
    await page.context().close();
  });

  it('nurse finds the patient waiting for vitals and records them; NEWS2 shows', async () => {
    const page = await as('nurse');
    expect(new URL(page.url()).pathname).toBe('/records/triage');
    await expect.poll(() => main(page).innerText(), { timeout: 15_000 }).toContain('Wulan Permatasari');
    await shot(page, '3-triage');
    await page.goto(`${c.url}/records/encounters/${encounterId}`);
    const vitals: Record<string, string> = { systolic: '118', diastolic: '76', pulse: '96', respRate: '22', temperature: '38,4', spo2: '95', weightKg: '55', heightCm: '158' };
    for (const [field, value] of Object.entries(vitals)) await page.locator(`#vitals-${field}`).fill(value.replace(',', '.'));
    await page.locator('#vitals-consciousness').selectOption('alert');
    await submit(page, t(records, 'records.action.saveVitals'), '/vitals');
    // Pulse 96 → 1, resp 22 → 2, temp 38.4 → 1, SpO2 95 → 1: NEWS2 5, medium.
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toMatch(/NEWS2[^\n]*5/);
    const enc = expectStatus(await c.api('nurse', 'GET', `/api/v1/records/encounters/${encounterId}`), 200).body;
    expect(enc.news2).toMatchObject({ score: 5, risk: 'medium' });
    expect(enc.soap).toBeUndefined();
    await shot(page, '4-vitals');
    await page.context().close();
  });

  it('doctor calls the patient, examines, diagnoses, prescribes and finishes', async () => {
    const page = await as('doctor');
    expect(new URL(page.url()).pathname).toBe('/appointments/my-queue');
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toContain('U-001');
    await page.getByRole('button', { name: new RegExp(t(appointments, 'appointments.action.call'), 'i') }).first().click();
    await expect.poll(async () => (await c.api('doctor', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`)).body.entries[0].status, { timeout: 10_000 }).toBe('called');
    await shot(page, '5-my-queue');

    await page.goto(`${c.url}/records/encounters/${encounterId}`);
    await submit(page, t(records, 'records.action.start'), '/start');
    await expect.poll(() => page.locator('#soap-subjective').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('#soap-subjective').fill('Demam dan batuk sejak 3 hari, pilek.');
    await page.locator('#soap-objective').fill('Faring hiperemis, ronki tidak ada.');
    await page.locator('#soap-assessment').fill('ISPA');
    await page.locator('#soap-plan').fill('Paracetamol, banyak minum, kontrol bila sesak.');
    await submit(page, t(records, 'records.action.saveSoap'), '/soap');
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toContain(t(records, 'records.section.soap'));

    await page.locator('#diagnosis-code').fill('J06.9');
    await submit(page, t(records, 'records.action.addDiagnosis'), '/diagnoses');
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toMatch(/J06\.9/);

    await page.locator('#prescription-drugCode').fill('PCT500');
    await page.locator('#prescription-dose').fill('1 tablet');
    await page.locator('#prescription-frequency').fill('3x sehari');
    await page.locator('#prescription-durationDays').fill('3');
    await page.locator('#prescription-quantity').fill('10');
    await submit(page, t(records, 'records.action.addPrescription'), '/prescriptions');
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toMatch(/PCT500|Paracetamol/);
    await shot(page, '6-consultation');

    await submit(page, t(records, 'records.action.finish'), '/finish');
    await expect.poll(async () => (await c.api('doctor', 'GET', `/api/v1/records/encounters/${encounterId}`)).body.status, { timeout: 10_000 }).toBe('finished');
    const enc = (await c.api('doctor', 'GET', `/api/v1/records/encounters/${encounterId}`)).body;
    expect(enc.statusHistory.map((s: { status: string }) => s.status)).toEqual(['arrived', 'in-progress', 'finished']);
    await shot(page, '7-finished');
    await page.context().close();
  });

  it('cashier makes the invoice, takes the payment and opens the receipt', async () => {
    const page = await as('cashier');
    expect(new URL(page.url()).pathname).toBe('/billing');
    await expect.poll(() => main(page).innerText(), { timeout: 10_000 }).toContain('Wulan Permatasari');
    await shot(page, '8-cashier');
    await Promise.all([page.waitForURL(/\/billing\/invoices\/\d+$/), page.getByRole('button', { name: t(billing, 'billing.action.makeInvoice') }).first().click()]);
    invoiceId = Number(/\/billing\/invoices\/(\d+)$/.exec(page.url())![1]);
    const text = await main(page).innerText();
    // Consultation Rp 50.000 + 10 × Rp 500 = Rp 55.000.
    expect(text).toMatch(/Rp\s?55\.000/);
    await page.locator('#pay-amount').fill('55000');
    await page.locator('#pay-method-cash').check();
    await submit(page, t(billing, 'billing.pay.submit'), '/payments');
    await expect.poll(async () => (await c.api('cashier', 'GET', `/api/v1/billing/invoices/${invoiceId}`)).body.status, { timeout: 10_000 }).toBe('paid');
    await shot(page, '9-paid');
    await page.goto(`${c.url}/billing/invoices/${invoiceId}/receipt`);
    const receipt = await main(page).innerText();
    expect(receipt).toContain('Wulan Permatasari');
    expect(receipt).toMatch(/Rp\s?55\.000/);
    await page.emulateMedia({ media: 'print' });
    await shot(page, '10-receipt-print');
    await page.context().close();
  });

  it('admin sees the whole visit in the audit log, but not the clinical record', async () => {
    const page = await as('admin');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${c.url}/audit?patientId=${patientId}`);
    const text = await main(page).innerText();
    for (const m of ['patients', 'appointments', 'records', 'billing']) expect(text).toContain(t(audit, `audit.module.${m}`));
    await shot(page, '11-audit');
    const denied = await page.goto(`${c.url}/records/encounters/${encounterId}`);
    expect(denied?.status()).toBe(403);
    await page.context().close();
    expect(csp.join("\n")).toBe("");
  });
});
