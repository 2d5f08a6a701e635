// Property tests: random and hostile bodies on every records write endpoint
// never produce a 5xx, and a rejected request (4xx) leaves the database as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic, type ClinicRole } from '../support/clinic.js';
import { queryModule } from '../support/patients.js';
import { NORMAL_VITALS, createPoli, expectStatus, registerPatient, walkIn } from '../support/visit.js';

let c: Clinic;
let arrived: { encounterId: number; patientId: number };
let inProgress: { encounterId: number; patientId: number };
const RUNS = 50;

beforeAll(async () => {
  c = await startClinic();
  const poli = await createPoli(c);
  const open = async () => {
    const p = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id, c.staff.doctor.id);
    return { encounterId: q.encounterId, patientId: p.id };
  };
  arrived = await open();
  inProgress = await open();
  expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${inProgress.encounterId}/start`, {}), 200);
});
afterAll(async () => {
  await c?.stop();
});

/** Values that break naive parsers: wrong types, huge and tiny numbers, odd strings, nesting. */
const hostileValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 0.1, 99.95, 45.04, 29.95),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '120', '36,8', 'on', 'true', "'; drop table vitals; --", '<script>', '\u0000', 'ＡＢＣ', 'J06.9', 'PCT500', '89.52', 'alert', 'severe'),
  fc.string({ minLength: 300, maxLength: 5000 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** A body shaped like `valid` with some fields replaced or removed, or anything at all. */
function hostileBody(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  const mutated = fc
    .record(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.constant(valid[k]), hostileValue, fc.constant(undefined))])), { requiredKeys: [] })
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.anything() });
}

/** Rows that a rejected request must not change. */
type Snapshot = () => Promise<string>;
const rowsOf = (sql: string, id: () => number): Snapshot => async () => JSON.stringify(await queryModule(c.b, 'records', sql, [id()]));

interface Endpoint {
  name: string;
  role: ClinicRole;
  method: string;
  path: () => string;
  valid: Record<string, unknown>;
  snapshot: Snapshot;
}

const ENC = (e: () => { encounterId: number }, rest: string) => () => `/api/v1/records/encounters/${e().encounterId}${rest}`;
const A = () => arrived;
const P = () => inProgress;

const endpoints: Endpoint[] = [
  { name: 'vitals', role: 'nurse', method: 'POST', path: ENC(A, '/vitals'), valid: NORMAL_VITALS, snapshot: rowsOf('select * from vitals where encounter_id = ? order by id', () => arrived.encounterId) },
  { name: 'triage', role: 'nurse', method: 'POST', path: ENC(A, '/triage'), valid: { chiefComplaint: 'Demam' }, snapshot: rowsOf('select chief_complaint, status from encounters where id = ?', () => arrived.encounterId) },
  { name: 'allergies', role: 'nurse', method: 'POST', path: () => `/api/v1/records/patients/${arrived.patientId}/allergies`, valid: { substance: 'Penisilin', reaction: 'Ruam', severity: 'severe' }, snapshot: rowsOf('select * from allergies where patient_id = ? order by id', () => arrived.patientId) },
  { name: 'soap', role: 'doctor', method: 'POST', path: ENC(P, '/soap'), valid: { subjective: 'S', objective: 'O', assessment: 'A', plan: 'P' }, snapshot: rowsOf('select subjective, objective, assessment, plan from soap_notes where encounter_id = ?', () => inProgress.encounterId) },
  { name: 'diagnoses', role: 'doctor', method: 'POST', path: ENC(P, '/diagnoses'), valid: { code: 'I10', primary: false }, snapshot: rowsOf('select * from diagnoses where encounter_id = ? order by id', () => inProgress.encounterId) },
  { name: 'procedures', role: 'doctor', method: 'POST', path: ENC(P, '/procedures'), valid: { code: '89.52' }, snapshot: rowsOf('select * from procedures where encounter_id = ? order by id', () => inProgress.encounterId) },
  {
    name: 'prescriptions',
    role: 'doctor',
    method: 'POST',
    path: ENC(P, '/prescriptions'),
    valid: { drugCode: 'PCT500', dose: '1 tablet', frequency: '3x sehari', durationDays: 3, quantity: 10, instructions: 'sesudah makan' },
    snapshot: rowsOf('select * from prescriptions where encounter_id = ? order by id', () => inProgress.encounterId),
  },
];

async function send(role: ClinicRole, method: string, path: string, body: unknown) {
  // fc.anything() can produce values JSON cannot carry (undefined, functions are not generated; -0, sparse arrays are); send what JSON makes of it.
  const text = JSON.stringify(body);
  return c.api(role, method, path, text === undefined ? null : JSON.parse(text));
}

describe('records write endpoints under hostile bodies', () => {
  for (const ep of endpoints) {
    it(`${ep.method} ${ep.name}: never 5xx; a rejection stores nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(ep.valid), async (body) => {
          const before = await ep.snapshot();
          const r = await send(ep.role, ep.method, ep.path(), body);
          expect(r.status, `${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
          if (r.status >= 400) {
            // 400: a top-level primitive is not a JSON body the server accepts (strict parser).
            expect([400, 404, 409, 422]).toContain(r.status);
            expect(await ep.snapshot()).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('start, finish and deletes with hostile bodies and ids: never 5xx', async () => {
    const ids = fc.oneof(fc.integer(), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('0', '-1', '1e3', '99999999999999999999', '%00'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('start', 'finish', 'diagnoses', 'procedures', 'prescriptions'), ids, fc.jsonValue(), async (what, id, body) => {
        const base = `/api/v1/records/encounters/${arrived.encounterId}`;
        const r = what === 'start' || what === 'finish' ? await send('doctor', 'POST', `/api/v1/records/encounters/${id}/${what}`, body) : await send('doctor', 'DELETE', `${base}/${what}/${id}`, body);
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('the vitals form (strings, as browsers send) never 5xx and rejects without storing', async () => {
    const snapshot = endpoints[0]!.snapshot;
    const str = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '120', '36,8', '1e9', '-5', 'NaN', 'Infinity', '0x10', ' 72 '));
    const form = fc.record({ systolic: str, diastolic: str, pulse: str, respRate: str, temperature: str, spo2: str, consciousness: str, onOxygen: str, weightKg: str }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(form, async (f) => {
        const before = await snapshot();
        const r = await c.page('nurse', 'POST', `/records/encounters/${arrived.encounterId}/vitals`, f, { 'HX-Request': 'true' });
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        if (r.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
