// Property tests: random and hostile JSON bodies on every write endpoint of
// appointments never produce a 5xx, and a rejected request stores nothing
// (row counts of every appointments table, audit log included, unchanged).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { countTable } from '../support/patients.js';
import { createPoli, expectStatus, registerPatient, walkIn } from '../support/visit.js';

const RUNS = 50;
const TABLES = ['polis', 'schedules', 'bookings', 'queue_entries', 'audit_log'];
let c: Clinic;
let poliId: number;
let patientId: number;
let entryId: number;
let bookingId: number;

const counts = async () => Promise.all(TABLES.map((t) => countTable(c.b, 'appointments', t)));

beforeAll(async () => {
  c = await startClinic();
  const poli = await createPoli(c);
  poliId = poli.id;
  const p = await registerPatient(c);
  patientId = p.id;
  entryId = (await walkIn(c, p.id, poli.id)).id;
  // A booking a week ahead on a schedule covering that weekday.
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId, weekday, start: '08:00', end: '12:00', slotMinutes: 15 }), 201);
  const other = await registerPatient(c);
  bookingId = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/bookings', { patientId: other.id, poliId, doctorId: c.staff.doctor.id, date: day, time: '09:00' }), 201).body.id;
});
afterAll(async () => {
  await c?.stop();
});

/** Values that have broken parsers before: wrong types, huge numbers, injection-looking text, nesting. */
const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', '08:00', '24:00', '2025-02-30', "'; drop table polis; --", '<script>x</script>', 'ä'.repeat(300), '\u0000', 'RM-000001'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, true, false, null),
);
const hostileBody = (keys: string[]) =>
  fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), hostileValue, { maxKeys: keys.length + 2 }),
    fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] }),
  );
const hostileId = () => fc.oneof(fc.constant(String(entryId)), fc.constantFrom('0', '-1', 'abc', '99999999999', '1e3', '%00', '1.5'), fc.nat().map(String));

interface Endpoint {
  name: string;
  role: 'admin' | 'front_desk' | 'doctor';
  method: string;
  path: () => fc.Arbitrary<string>;
  keys: string[];
}

const ENDPOINTS: Endpoint[] = [
  { name: 'POST polis', role: 'admin', method: 'POST', path: () => fc.constant('/api/v1/appointments/polis'), keys: ['code', 'name', 'room', 'queuePrefix', 'active'] },
  { name: 'PATCH polis/:id', role: 'admin', method: 'PATCH', path: () => fc.oneof(fc.constant(`/api/v1/appointments/polis/${poliId}`), hostileId().map((i) => `/api/v1/appointments/polis/${encodeURIComponent(i)}`)), keys: ['name', 'room', 'active'] },
  { name: 'POST schedules', role: 'admin', method: 'POST', path: () => fc.constant('/api/v1/appointments/schedules'), keys: ['doctorId', 'poliId', 'weekday', 'start', 'end', 'slotMinutes'] },
  { name: 'DELETE schedules/:id', role: 'admin', method: 'DELETE', path: () => hostileId().map((i) => `/api/v1/appointments/schedules/${encodeURIComponent(i)}x`), keys: [] },
  { name: 'POST bookings', role: 'front_desk', method: 'POST', path: () => fc.constant('/api/v1/appointments/bookings'), keys: ['patientId', 'poliId', 'doctorId', 'date', 'time'] },
  { name: 'POST bookings/:id/check-in', role: 'front_desk', method: 'POST', path: () => fc.oneof(fc.constant(`/api/v1/appointments/bookings/${bookingId}/check-in`), hostileId().map((i) => `/api/v1/appointments/bookings/${encodeURIComponent(i)}/check-in`)), keys: ['x'] },
  { name: 'POST bookings/:id/cancel', role: 'front_desk', method: 'POST', path: () => hostileId().map((i) => `/api/v1/appointments/bookings/${encodeURIComponent(i)}9/cancel`), keys: ['x'] },
  { name: 'POST queue', role: 'front_desk', method: 'POST', path: () => fc.constant('/api/v1/appointments/queue'), keys: ['patientId', 'poliId', 'doctorId'] },
  { name: 'POST queue/:id/call', role: 'doctor', method: 'POST', path: () => hostileId().map((i) => `/api/v1/appointments/queue/${encodeURIComponent(i)}/call`), keys: ['x'] },
  { name: 'POST queue/:id/no-show', role: 'front_desk', method: 'POST', path: () => hostileId().map((i) => `/api/v1/appointments/queue/${encodeURIComponent(i)}9/no-show`), keys: ['x'] },
  { name: 'POST queue/:id/cancel', role: 'front_desk', method: 'POST', path: () => hostileId().map((i) => `/api/v1/appointments/queue/${encodeURIComponent(i)}9/cancel`), keys: ['x'] },
];

describe('hostile bodies on every write endpoint', () => {
  for (const e of ENDPOINTS) {
    it(`${e.name}: never 5xx; a rejection stores nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(e.path(), hostileBody(e.keys.length ? e.keys : ['x']), async (path, body) => {
          const before = await counts();
          const r = await c.api(e.role, e.method, path, e.method === 'DELETE' ? undefined : body);
          expect(r.status, `${e.method} ${path} ${JSON.stringify(body)?.slice(0, 200)} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400) expect(await counts(), `${e.method} ${path} stored something on ${r.status}`).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  it('the walk-in kept its number and its patient throughout', async () => {
    const board = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poliId}`), 200).body;
    expect(board.entries.find((x: any) => x.id === entryId)?.patientId).toBe(patientId);
  });
});
