// The appointments module over real HTTP: polis, schedules, bookings, the
// queue (walk-ins, numbers, transitions, statuses that follow records), roles,
// pages, the public display, and degraded paths (patients or records faulted
// through /_chaos). The fault tests run last: they trip breakers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { countTable, queryModule } from '../support/patients.js';
import { consult, createPoli, expectStatus, recordVitals, registerPatient, walkIn } from '../support/visit.js';

const TZ = 'Asia/Jakarta';
// visit.ts's createPoli cycles 23 prefix letters (no I, O, U): this file stays under 23 polis.
let c: Clinic;

/** The clinic-local day and time now (the suite runs the clinic in its default zone). */
function localNow(offsetMin = 0): { day: string; time: string; weekday: number } {
  const d = new Date(Date.now() + offsetMin * 60_000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(d).map((x) => [x.type, x.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!) + 1;
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday };
}
const plusDays = (day: string, n: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const setFault = async (module: string, fault: string) => expectStatus(await c.api('admin', 'POST', '/_chaos', { module, fault }), 200);
const queueCount = () => countTable(c.b, 'appointments', 'queue_entries');

beforeAll(async () => {
  c = await startClinic({ env: { BILIK_CHAOS: '1' } });
});
afterAll(async () => {
  await c?.stop();
});

describe('polis', () => {
  it('admin creates, lists and patches a poli; codes and prefixes are unique', async () => {
    const p = await createPoli(c, { code: 'umum1', queuePrefix: 'u' });
    expect(p).toMatchObject({ code: 'UMUM1', queuePrefix: 'U', active: true });
    const list = expectStatus(await c.api('front_desk', 'GET', '/api/v1/appointments/polis'), 200).body;
    expect(list.map((x: any) => x.id)).toContain(p.id);
    const dupCode = await c.api('admin', 'POST', '/api/v1/appointments/polis', { code: 'UMUM1', name: 'X', room: 'R', queuePrefix: 'Z' });
    expect([dupCode.status, dupCode.body.error.code]).toEqual([409, 'APPOINTMENT_POLI_CODE_TAKEN']);
    const dupPrefix = await c.api('admin', 'POST', '/api/v1/appointments/polis', { code: 'OTHER', name: 'X', room: 'R', queuePrefix: 'U' });
    expect([dupPrefix.status, dupPrefix.body.error.code]).toEqual([409, 'APPOINTMENT_POLI_PREFIX_TAKEN']);
    const patched = expectStatus(await c.api('admin', 'PATCH', `/api/v1/appointments/polis/${p.id}`, { room: 'Ruang 9', active: false }), 200).body;
    expect(patched).toMatchObject({ room: 'Ruang 9', active: false, name: p.name });
    expectStatus(await c.api('admin', 'PATCH', '/api/v1/appointments/polis/999999', { room: 'x' }), 404);
    expectStatus(await c.api('admin', 'PATCH', '/api/v1/appointments/polis/abc', { room: 'x' }), 404);
    expectStatus(await c.api('admin', 'PATCH', `/api/v1/appointments/polis/${p.id}`, { active: true }), 200);
  });

  it('refuses invalid polis with field messages and stores nothing', async () => {
    const before = await countTable(c.b, 'appointments', 'polis');
    const r = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/polis', { code: 'a b', name: '', room: 5, queuePrefix: 'UU' }), 422);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['code', 'name', 'queuePrefix', 'room']);
    expect(await countTable(c.b, 'appointments', 'polis')).toBe(before);
  });

  it('is admin-only to change, queue:read to list', async () => {
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/polis', { code: 'NOPE', name: 'N', room: 'R', queuePrefix: 'Q' }), 403);
    expectStatus(await c.api('doctor', 'PATCH', '/api/v1/appointments/polis/1', { room: 'x' }), 403);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/appointments/polis'), 403);
  });
});

describe('doctor schedules', () => {
  it('adds windows, refuses overlaps for one doctor on one weekday (at any poli), deletes', async () => {
    const a = await createPoli(c);
    const b = await createPoli(c);
    const doctorId = c.staff.doctor.id;
    const s1 = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId, poliId: a.id, weekday: 3, start: '08:00', end: '12:00', slotMinutes: 15 }), 201).body;
    expect(s1).toMatchObject({ doctorId, poliId: a.id, weekday: 3, start: '08:00', end: '12:00', slotMinutes: 15 });
    const overlap = await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId, poliId: b.id, weekday: 3, start: '11:45', end: '13:00', slotMinutes: 15 });
    expect([overlap.status, overlap.body.error.code]).toEqual([409, 'APPOINTMENT_SCHEDULE_OVERLAP']);
    // Touching windows and other weekdays are fine.
    const s2 = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId, poliId: b.id, weekday: 3, start: '12:00', end: '13:00', slotMinutes: 20 }), 201).body;
    expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId, poliId: b.id, weekday: 4, start: '09:00', end: '10:00', slotMinutes: 30 }), 201);
    const list = expectStatus(await c.api('admin', 'GET', '/api/v1/appointments/schedules'), 200).body;
    expect(list.filter((s: any) => s.weekday === 3 && s.doctorId === doctorId).map((s: any) => s.start)).toEqual(['08:00', '12:00']);
    expectStatus(await c.api('admin', 'DELETE', `/api/v1/appointments/schedules/${s2.id}`), 200);
    expectStatus(await c.api('admin', 'DELETE', `/api/v1/appointments/schedules/${s2.id}`), 404);
    expectStatus(await c.api('admin', 'DELETE', `/api/v1/appointments/schedules/${s1.id}`), 200);
  });

  it('validates windows (422, nothing stored) and the doctor', async () => {
    const p = await createPoli(c);
    const before = await countTable(c.b, 'appointments', 'schedules');
    const r = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId: p.id, weekday: 8, start: '10:00', end: '09:00', slotMinutes: 3 }), 422);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['end', 'slotMinutes', 'weekday']);
    const order = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId: p.id, weekday: 2, start: '10:00', end: '09:00', slotMinutes: 15 }), 422);
    expect(Object.keys(order.body.error.fields)).toEqual(['end']);
    const notDoctor = expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.nurse.id, poliId: p.id, weekday: 2, start: '08:00', end: '09:00', slotMinutes: 15 }), 422);
    expect(Object.keys(notDoctor.body.error.fields)).toEqual(['doctorId']);
    expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId: 999999, weekday: 2, start: '08:00', end: '09:00', slotMinutes: 15 }), 422);
    expect(await countTable(c.b, 'appointments', 'schedules')).toBe(before);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId: p.id, weekday: 2, start: '08:00', end: '09:00', slotMinutes: 15 }), 403);
  });
});

describe('bookings', () => {
  let poli: { id: number; queuePrefix: string };
  const now = localNow();
  const future = plusDays(now.day, 7); // same weekday as today, a week ahead

  beforeAll(async () => {
    poli = await createPoli(c);
    // Today's weekday, nearly all day in 5-minute slots, so a booking later today is possible too.
    expectStatus(await c.api('admin', 'POST', '/api/v1/appointments/schedules', { doctorId: c.staff.doctor.id, poliId: poli.id, weekday: now.weekday, start: '00:00', end: '23:55', slotMinutes: 5 }), 201);
  });

  const book = (patientId: number, date: string, time: string, over: Record<string, unknown> = {}) =>
    c.api('front_desk', 'POST', '/api/v1/appointments/bookings', { patientId, poliId: poli.id, doctorId: c.staff.doctor.id, date, time, ...over });

  it('books a free slot; refuses past, outside-schedule and off-slot times with 422', async () => {
    const p = await registerPatient(c);
    const before = await countTable(c.b, 'appointments', 'bookings');
    const past = expectStatus(await book(p.id, plusDays(now.day, -7), '09:00'), 422);
    expect(Object.keys(past.body.error.fields)).toEqual(['date']);
    const otherDay = expectStatus(await book(p.id, plusDays(now.day, 8), '09:00'), 422);
    expect(otherDay.body.error.fields.time).toBeTruthy();
    const offSlot = expectStatus(await book(p.id, future, '09:02'), 422);
    expect(offSlot.body.error.fields.time).toBeTruthy();
    expect(offSlot.body.error.fields.time).not.toBe(otherDay.body.error.fields.time);
    expectStatus(await book(p.id, future, '25:00'), 422);
    expectStatus(await book(p.id, '2026-02-30', '09:00'), 422);
    expect(await countTable(c.b, 'appointments', 'bookings')).toBe(before);
    const b = expectStatus(await book(p.id, future, '09:05'), 201).body;
    expect(b).toMatchObject({ status: 'booked', patientId: p.id, mrn: p.mrn, date: future, time: '09:05', poliId: poli.id });
    const list = expectStatus(await c.api('nurse', 'GET', `/api/v1/appointments/bookings?date=${future}&poliId=${poli.id}`), 200).body;
    expect(list.map((x: any) => x.id)).toEqual([b.id]);
  });

  it('409 BOOKING_CONFLICT for a taken slot or a second booking of the patient that day; cancel frees the slot', async () => {
    const p = await registerPatient(c);
    const q = await registerPatient(c);
    const b = expectStatus(await book(p.id, future, '10:00'), 201).body;
    const taken = expectStatus(await book(q.id, future, '10:00'), 409);
    expect(taken.body.error.code).toBe('APPOINTMENT_BOOKING_CONFLICT');
    const twice = expectStatus(await book(p.id, future, '10:30'), 409);
    expect(twice.body.error.code).toBe('APPOINTMENT_BOOKING_CONFLICT');
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/bookings/${b.id}/check-in`, {}), 409);
    expect(expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/bookings/${b.id}/cancel`, {}), 200).body.status).toBe('cancelled');
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/bookings/${b.id}/cancel`, {}), 409);
    expectStatus(await book(q.id, future, '10:00'), 201);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/bookings/999999/cancel', {}), 404);
  });

  it('refuses an unknown patient (422) and roles without queue:write (403)', async () => {
    const r = expectStatus(await book(99_999_999, future, '11:00'), 422);
    expect(Object.keys(r.body.error.fields)).toEqual(['patientId']);
    const p = await registerPatient(c);
    expectStatus(await c.api('nurse', 'POST', '/api/v1/appointments/bookings', { patientId: p.id, poliId: poli.id, doctorId: c.staff.doctor.id, date: future, time: '11:00' }), 403);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/appointments/bookings'), 403);
  });

  it("checks a booked patient in on the booking's day: a queue entry with an encounter", async () => {
    const slot = localNow(10);
    const [h, m] = slot.time.split(':').map(Number) as [number, number];
    const minutes = Math.ceil((h * 60 + m) / 5) * 5;
    if (slot.day !== now.day || minutes > 23 * 60 + 50) return; // too close to midnight for a slot later today
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const p = await registerPatient(c);
    const b = expectStatus(await book(p.id, now.day, time), 201).body;
    const entry = expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/bookings/${b.id}/check-in`, {}), 201).body;
    expect(entry).toMatchObject({ status: 'waiting', patientId: p.id, poliId: poli.id, doctorId: c.staff.doctor.id, bookingId: b.id });
    expect(entry.number).toMatch(new RegExp(`^${poli.queuePrefix}-\\d{3}$`));
    expect(entry.encounterId).toBeGreaterThan(0);
    const after = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/bookings?date=${now.day}`), 200).body.find((x: any) => x.id === b.id);
    expect(after).toMatchObject({ status: 'checked-in', queueEntryId: entry.id });
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/bookings/${b.id}/check-in`, {}), 409);
  });
});

describe('queue', () => {
  it('walk-ins get U-001, U-002 per poli per day, with MRN, name and encounter', async () => {
    const poli = await createPoli(c);
    const other = await createPoli(c);
    const a = await registerPatient(c);
    const b = await registerPatient(c);
    const q1 = await walkIn(c, a.id, poli.id);
    const q2 = await walkIn(c, b.id, poli.id, c.staff.doctor.id);
    const o1 = await walkIn(c, a.id, other.id);
    expect([q1.number, q2.number, o1.number]).toEqual([`${poli.queuePrefix}-001`, `${poli.queuePrefix}-002`, `${other.queuePrefix}-001`]);
    expect(q1.status).toBe('waiting');
    expect(q1.encounterId).toBeGreaterThan(0);
    expect(q2.encounterId).not.toBe(q1.encounterId);
    const board = expectStatus(await c.api('nurse', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body;
    expect(board.patientsAvailable).toBe(true);
    expect(board.entries.map((e: any) => [e.number, e.mrn, e.patientName, e.status, e.doctorId])).toEqual([
      [q1.number, a.mrn, a.fullName, 'waiting', null],
      [q2.number, b.mrn, b.fullName, 'waiting', c.staff.doctor.id],
    ]);
    // The same patient twice at one poli while open: 409, nothing stored.
    const before = await queueCount();
    const again = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: a.id, poliId: poli.id }), 409);
    expect(again.body.error.code).toBe('APPOINTMENT_ALREADY_QUEUED');
    expect(await queueCount()).toBe(before);
    const audit = await queryModule<{ n: number | string }>(c.b, 'appointments', "select count(*) as n from audit_log where entity = 'queue-entry' and action = 'create' and patient_id = ? and encounter_id = ?", [a.id, q1.encounterId]);
    expect(Number(audit[0]!.n)).toBe(1);
  });

  it('concurrent walk-ins at one poli get distinct consecutive numbers', async () => {
    const poli = await createPoli(c);
    const patients = await Promise.all(Array.from({ length: 8 }, () => registerPatient(c)));
    const entries = await Promise.all(patients.map((p) => walkIn(c, p.id, poli.id)));
    const numbers = entries.map((e) => e.number).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `${poli.queuePrefix}-${String(i + 1).padStart(3, '0')}`));
    expect(new Set(entries.map((e) => e.encounterId)).size).toBe(8);
  });

  it('validates walk-ins: unknown patient 422 on patientId, inactive poli 422, nothing stored', async () => {
    const poli = await createPoli(c);
    const before = await queueCount();
    const unknown = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: 99_999_999, poliId: poli.id }), 422);
    expect(Object.keys(unknown.body.error.fields)).toEqual(['patientId']);
    const p = await registerPatient(c);
    expectStatus(await c.api('admin', 'PATCH', `/api/v1/appointments/polis/${poli.id}`, { active: false }), 200);
    const inactive = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: p.id, poliId: poli.id }), 422);
    expect(Object.keys(inactive.body.error.fields)).toEqual(['poliId']);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: p.id, poliId: 999999 }), 422);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: 'x', poliId: poli.id }), 422);
    expect(await queueCount()).toBe(before);
  });

  it('transitions: call, call again, no-show, cancel; illegal ones are 409', async () => {
    const poli = await createPoli(c);
    const [a, b] = [await registerPatient(c), await registerPatient(c)];
    const qa = await walkIn(c, a.id, poli.id);
    const qb = await walkIn(c, b.id, poli.id);
    const called = expectStatus(await c.api('doctor', 'POST', `/api/v1/appointments/queue/${qa.id}/call`, {}), 200).body;
    expect(called.status).toBe('called');
    expect(called.calledAt).toBeTruthy();
    expect(expectStatus(await c.api('nurse', 'POST', `/api/v1/appointments/queue/${qa.id}/call`, {}), 200).body.status).toBe('called');
    expect(expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${qa.id}/no-show`, {}), 200).body.status).toBe('no-show');
    const illegal = expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${qa.id}/cancel`, {}), 409);
    expect(illegal.body.error.code).toBe('APPOINTMENT_QUEUE_STATE');
    expectStatus(await c.api('doctor', 'POST', `/api/v1/appointments/queue/${qa.id}/call`, {}), 409);
    expect(expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${qb.id}/cancel`, {}), 200).body.status).toBe('cancelled');
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${qb.id}/no-show`, {}), 409);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue/999999/cancel', {}), 404);
    // A closed entry frees the patient for a new walk-in at the same poli.
    const again = await walkIn(c, a.id, poli.id);
    expect(again.number).toBe(`${poli.queuePrefix}-003`);
  });

  it('statuses follow the encounter: in consultation, then done; NEWS2 shows on the board', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id, c.staff.doctor.id);
    await recordVitals(c, q.encounterId, { respRate: 26, spo2: 91, pulse: 125 });
    const withNews = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body.entries[0];
    expect(withNews.news2.score).toBeGreaterThanOrEqual(5);
    const page = expectStatus(await c.page('front_desk', 'GET', `/appointments/queue/_board?poliId=${poli.id}`), 200);
    expect(page.text).toContain('news2-alert');
    expectStatus(await c.api('doctor', 'POST', `/api/v1/records/encounters/${q.encounterId}/start`, {}), 200);
    const inConsult = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body.entries[0];
    expect(inConsult.status).toBe('in-consultation');
    // Stored, not only shown.
    const stored = await queryModule<{ status: string }>(c.b, 'appointments', 'select status from queue_entries where id = ?', [q.id]);
    expect(stored[0]!.status).toBe('in-consultation');
    expectStatus(await c.api('doctor', 'POST', `/api/v1/appointments/queue/${q.id}/call`, {}), 409);
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${q.id}/cancel`, {}), 409);
  });

  it('marks a finished visit done', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id, c.staff.doctor.id);
    await recordVitals(c, q.encounterId);
    await consult(c, q.encounterId);
    const e = expectStatus(await c.api('doctor', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body.entries[0];
    expect(e.status).toBe('done');
  });

  it('roles: nurse cannot add walk-ins, cashier cannot read the queue, front desk cannot call', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    expectStatus(await c.api('nurse', 'POST', '/api/v1/appointments/queue', { patientId: p.id, poliId: poli.id }), 403);
    expectStatus(await c.api('doctor', 'POST', '/api/v1/appointments/queue', { patientId: p.id, poliId: poli.id }), 403);
    expectStatus(await c.api('cashier', 'GET', '/api/v1/appointments/queue'), 403);
    const q = await walkIn(c, p.id, poli.id);
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${q.id}/call`, {}), 403);
    expectStatus(await c.api('nurse', 'POST', `/api/v1/appointments/queue/${q.id}/cancel`, {}), 403);
    expectStatus(await c.page('cashier', 'GET', '/appointments/queue'), 403);
  });
});

describe('pages', () => {
  it('front desk: home is the queue; the board, walk-in form and flow from a patient work', async () => {
    const home = await c.page('front_desk', 'GET', '/');
    expect([home.status, home.headers.get('location')]).toEqual([303, '/appointments/queue']);
    const poli = await createPoli(c, { room: 'Ruang Melati' });
    const p = await registerPatient(c);
    const fromPatient = expectStatus(await c.page('front_desk', 'GET', `/appointments/queue/new?patientId=${p.id}`), 200);
    expect(fromPatient.text).toContain(p.mrn);
    expect(fromPatient.text).toContain(p.fullName);
    const posted = await c.page('front_desk', 'POST', '/appointments/queue', { patient: p.mrn, poliId: String(poli.id), doctorId: '' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(new RegExp(`^/appointments/queue\\?poliId=${poli.id}&added=\\d+$`));
    const page = expectStatus(await c.page('front_desk', 'GET', posted.headers.get('location')!), 200);
    expect(page.text).toContain(`${poli.queuePrefix}-001`);
    expect(page.text).toContain(p.fullName);
    expect(page.text).toContain('hx-trigger="every 5s"');
    expect(page.text).toContain('Walk-in patient');
    const bad = await c.page('front_desk', 'POST', '/appointments/queue', { patient: 'nonsense', poliId: String(poli.id) }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).not.toContain('<html');
    const twice = await c.page('front_desk', 'POST', '/appointments/queue', { patient: p.mrn, poliId: String(poli.id) }, { 'HX-Request': 'true' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('already in today');
  });

  it('board buttons act in place under htmx', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id);
    const r = expectStatus(await c.page('front_desk', 'POST', `/appointments/queue/${q.id}/no-show`, { board: 'desk', poliId: String(poli.id) }, { 'HX-Request': 'true' }), 200);
    expect(r.text).toContain(`Number ${q.number} marked as not present.`);
    const again = expectStatus(await c.page('front_desk', 'POST', `/appointments/queue/${q.id}/cancel`, { board: 'desk' }, { 'HX-Request': 'true' }), 200);
    expect(again.text).toContain('role="alert"');
  });

  it("doctor: home is my queue, with today's entries, Call and the encounter link", async () => {
    const home = await c.page('doctor', 'GET', '/');
    expect(home.headers.get('location')).toBe('/appointments/my-queue');
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id, c.staff.doctor.id);
    const page = expectStatus(await c.page('doctor', 'GET', '/appointments/my-queue'), 200);
    expect(page.text).toContain(q.number);
    expect(page.text).toContain(`/records/encounters/${q.encounterId}`);
    const called = expectStatus(await c.page('doctor', 'POST', `/appointments/queue/${q.id}/call`, { board: 'doctor' }, { 'HX-Request': 'true' }), 200);
    expect(called.text).toContain(`Number ${q.number} called.`);
    expectStatus(await c.page('doctor', 'GET', '/appointments/my-queue/_board'), 200);
  });

  it('admin pages, bookings page and the dashboard panel render', async () => {
    expect(expectStatus(await c.page('admin', 'GET', '/appointments/polis'), 200).text).toContain('Add a poli');
    expect(expectStatus(await c.page('admin', 'GET', '/appointments/schedules'), 200).text).toContain('dr. Ratna Sari');
    expect(expectStatus(await c.page('front_desk', 'GET', '/appointments/bookings'), 200).text).toContain('Make a booking');
    expect(expectStatus(await c.page('front_desk', 'GET', '/appointments/_panel/today'), 200).text).toContain('Waiting');
    const created = await c.page('admin', 'POST', '/appointments/polis', { code: 'FORM1', name: 'Poli Form', room: 'Ruang F', queuePrefix: 'O' });
    expect(created.status).toBe(303);
    const refused = await c.page('admin', 'POST', '/appointments/polis', { code: 'FORM1', name: 'Poli Form', room: 'Ruang F', queuePrefix: 'I' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Another poli already uses this code.');
  });

  it('the public display shows numbers and rooms, never names or MRNs', async () => {
    const poli = await createPoli(c, { room: 'Ruang Anggrek' });
    const [a, b] = [await registerPatient(c), await registerPatient(c)];
    const qa = await walkIn(c, a.id, poli.id);
    const qb = await walkIn(c, b.id, poli.id);
    expectStatus(await c.api('doctor', 'POST', `/api/v1/appointments/queue/${qa.id}/call`, {}), 200);
    for (const path of ['/appointments/display', '/appointments/display/_board']) {
      const res = await fetch(`${c.url}${path}`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain(qa.number);
      expect(html).toContain(qb.number);
      expect(html).toContain('Ruang Anggrek');
      for (const secret of [a.fullName, b.fullName, a.mrn, b.mrn]) expect(html).not.toContain(secret);
      expect(html).not.toMatch(/RM-\d{6}/);
    }
  });
});

describe('degraded', () => {
  it('patients faulted: the board shows MRNs and a note; a walk-in answers 503 and stores nothing', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const other = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id);
    await setFault('patients', 'throw');
    try {
      const board = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body;
      expect(board.patientsAvailable).toBe(false);
      expect(board.entries[0]).toMatchObject({ number: q.number, mrn: p.mrn, patientName: null });
      const page = expectStatus(await c.page('front_desk', 'GET', `/appointments/queue?poliId=${poli.id}`), 200);
      expect(page.text).toContain(p.mrn);
      expect(page.text).toContain('Patient records are temporarily unavailable');
      const before = await queueCount();
      const r = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: other.id, poliId: poli.id }), 503);
      expect(r.body.error.code).toBe('APPOINTMENT_PATIENTS_UNAVAILABLE');
      expect(r.body.error.message).toContain('Nothing was saved');
      expect(await queueCount()).toBe(before);
    } finally {
      await setFault('patients', 'none');
    }
  });

  it('records faulted: a walk-in answers 503 and stores nothing; the board shows stored statuses with a note', async () => {
    const poli = await createPoli(c);
    const p = await registerPatient(c);
    const other = await registerPatient(c);
    const q = await walkIn(c, p.id, poli.id);
    await setFault('records', 'throw');
    try {
      const before = await queueCount();
      const auditBefore = await countTable(c.b, 'appointments', 'audit_log');
      const r = expectStatus(await c.api('front_desk', 'POST', '/api/v1/appointments/queue', { patientId: other.id, poliId: poli.id }), 503);
      expect(r.body.error.code).toBe('APPOINTMENT_RECORDS_UNAVAILABLE');
      expect(await queueCount()).toBe(before);
      expect(await countTable(c.b, 'appointments', 'audit_log')).toBe(auditBefore);
      const board = expectStatus(await c.api('front_desk', 'GET', `/api/v1/appointments/queue?poliId=${poli.id}`), 200).body;
      expect(board.recordsAvailable).toBe(false);
      expect(board.entries.map((e: any) => [e.number, e.status])).toEqual([[q.number, 'waiting']]);
      const page = expectStatus(await c.page('front_desk', 'GET', `/appointments/queue?poliId=${poli.id}`), 200);
      expect(page.text).toContain('Medical records are temporarily unavailable');
      // Cancelling needs records too: refused, nothing changed.
      expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${q.id}/cancel`, {}), 503);
      const stored = await queryModule<{ status: string }>(c.b, 'appointments', 'select status from queue_entries where id = ?', [q.id]);
      expect(stored[0]!.status).toBe('waiting');
    } finally {
      await setFault('records', 'none');
    }
  });
});
