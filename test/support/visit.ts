// One visit's steps over the JSON API, as each role does them. Shared by the
// appointments, records, billing, audit and roles suites: the request shapes
// here are the public API (docs/clinic.md), so a change here is an API change.
import { expect } from 'vitest';
import type { Clinic, Reply } from './clinic.js';
import { uniquePatient } from './writes.js';

let patientSerial = 0;
let poliSerial = 0;

/** Fails the test with the body when the status is not the expected one. */
export function expectStatus(r: Reply, status: number): Reply {
  expect(r.status, `HTTP ${r.status}: ${r.text.slice(0, 500)}`).toBe(status);
  return r;
}

/** Registers a distinct valid patient (front desk); `payer` general unless given. */
export async function registerPatient(c: Clinic, over: Record<string, unknown> = {}): Promise<{ id: number; mrn: string; fullName: string; payer: string }> {
  // High offsets keep these NIKs apart from other suites' uniquePatient(i) in the same database.
  const p: Record<string, unknown> = { ...uniquePatient(700_000 + process.pid * 97 + ++patientSerial, 'Pasien'), payer: 'general', ...over };
  if (p.payer !== 'bpjs') delete p.bpjsNumber;
  if (p.payer !== 'insurance') {
    delete p.insurerName;
    delete p.policyNumber;
  }
  if (p.payer === 'bpjs' && !p.bpjsNumber) p.bpjsNumber = String(1_000_000_000_000 + patientSerial);
  return expectStatus(await c.api('front_desk', 'POST', '/api/v1/patients', p), 201).body;
}

/** A poli (admin): code like "UMUM", queue prefix one letter. */
export async function createPoli(c: Clinic, over: Record<string, unknown> = {}): Promise<{ id: number; code: string; name: string; room: string; queuePrefix: string }> {
  const n = ++poliSerial;
  const letters = 'ABCDEFGHJKLMNPQRSTVWXYZ';
  const body = { code: `P${process.pid % 1000}X${n}`.toUpperCase(), name: `Poli Uji ${n}`, room: `Ruang ${n}`, queuePrefix: letters[n % letters.length], ...over };
  return expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/polis', body), 201).body;
}

/** Front desk adds a walk-in to today's queue → { id, number, encounterId, status }. */
export async function walkIn(c: Clinic, patientId: number, poliId: number, doctorId?: number): Promise<{ id: number; number: string; encounterId: number; status: string }> {
  const body = { patientId, poliId, ...(doctorId !== undefined && { doctorId }) };
  return expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', body), 201).body;
}

export const NORMAL_VITALS = {
  systolic: 120,
  diastolic: 80,
  pulse: 72,
  respRate: 16,
  temperature: 36.8,
  spo2: 98,
  onOxygen: false,
  consciousness: 'alert',
  weightKg: 60,
  heightCm: 165,
};

/** Nurse records vitals → 201 with { news2: { score, risk } }. */
export async function recordVitals(c: Clinic, encounterId: number, over: Record<string, unknown> = {}): Promise<any> {
  return expectStatus(await c.api('nurse', 'POST', `/api/v1/records/encounters/${encounterId}/vitals`, { ...NORMAL_VITALS, ...over }), 201).body;
}

/** Doctor starts the consultation, adds a primary diagnosis (and optional procedure / prescription), finishes. */
export async function consult(
  c: Clinic,
  encounterId: number,
  opts: { diagnosis?: string; procedure?: string; drug?: { drugCode: string; quantity: number } } = {},
): Promise<any> {
  expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/start`, {}), 200);
  expectStatus(
    await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/soap`, {
      subjective: 'Demam dan batuk tiga hari.',
      objective: 'Faring hiperemis, paru bersih.',
      assessment: 'ISPA',
      plan: 'Obat simptomatik, kontrol bila memburuk.',
    }),
    200,
  );
  expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/diagnoses`, { code: opts.diagnosis ?? 'J06.9', primary: true }), 201);
  if (opts.procedure) expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/procedures`, { code: opts.procedure }), 201);
  if (opts.drug) {
    const rx = { drugCode: opts.drug.drugCode, dose: '1 tablet', frequency: '3x sehari', durationDays: 3, quantity: opts.drug.quantity };
    expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/prescriptions`, rx), 201);
  }
  return expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${encounterId}/finish`, {}), 200).body;
}

/** A whole visit up to "finished": patient, walk-in, vitals, consultation. */
export async function finishedVisit(c: Clinic, poliId: number, opts: Parameters<typeof consult>[2] & { payer?: string } = {}) {
  const patient = await registerPatient(c, opts.payer ? { payer: opts.payer } : {});
  const q = await walkIn(c, patient.id, poliId, c.staff.doctor.id);
  await recordVitals(c, q.encounterId);
  await consult(c, q.encounterId, opts);
  return { patient, queue: q, encounterId: q.encounterId };
}

/** Cashier builds the invoice of a finished visit → { id, number, total, balance, lines, ... }. */
export async function createInvoice(c: Clinic, encounterId: number): Promise<any> {
  return expectStatus(await c.api('cashier', 'POST', '/api/v1/billing/invoices', { encounterId }), 201).body;
}

/** Cashier takes a payment → the updated invoice. */
export async function pay(c: Clinic, invoiceId: number, amount: number, method: 'cash' | 'transfer' | 'card' = 'cash'): Promise<any> {
  return expectStatus(await c.api('cashier', 'POST', `/api/v1/billing/invoices/${invoiceId}/payments`, { amount, method }), 201).body;
}
