// The bookings page: a day's bookings with check-in and cancel buttons, and
// the booking form (patient by MRN or number, poli, doctor, date, time).
import { BilikError, validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listDoctors, patientSummaries } from '../calls.js';
import { listPolis } from '../repo-polis.js';
import { listBookings } from '../repo-bookings.js';
import { listSchedules } from '../repo-schedules.js';
import { appointmentsDb, toBookingJson, toPoliJson, toScheduleJson } from '../repo.js';
import { bookingQuerySchema, parseId } from '../schemas.js';
import { addDays } from '../slots.js';
import { can, doctorName, formErrors, today } from './common.js';
import { cancel, checkIn, makeBooking } from './bookings-api.js';
import { resolvePatientRef } from './queue-pages.js';

async function pageData(ctx: HandlerContext, day: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const db = appointmentsDb(ctx);
  const [polis, rows, staff, schedules] = await Promise.all([listPolis(db), listBookings(db, { day }), listDoctors(ctx), listSchedules(db)]);
  const people = await patientSummaries(ctx, rows.map((r) => Number(r.patient_id)));
  const poliById = new Map(polis.map((p) => [Number(p.id), p]));
  const bookings = rows.map(toBookingJson).map((b) => ({
    ...b,
    patientName: people.byId.get(b.patientId)?.fullName ?? null,
    poliName: poliById.get(b.poliId)?.name ?? String(b.poliId),
    doctorName: doctorName(ctx, staff.doctors, b.doctorId),
  }));
  const t = today(ctx);
  return {
    day,
    today: t,
    prevDay: addDays(day, -1),
    nextDay: addDays(day, 1),
    isToday: day === t,
    bookings,
    patientsAvailable: people.available || rows.length === 0,
    staffAvailable: staff.available,
    polis: polis.map(toPoliJson).filter((p) => p.active),
    doctors: staff.doctors,
    schedules: schedules.map(toScheduleJson).map((s) => ({ ...s, doctorName: doctorName(ctx, staff.doctors, s.doctorId), poliName: poliById.get(s.poliId)?.name ?? String(s.poliId) })),
    canWrite: can(ctx, 'queue:write'),
    values: { date: day },
    errors: {},
    formError: null,
    flash: null,
    flashError: null,
    ...extra,
  };
}

export async function bookingsPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const q = validate(bookingQuerySchema, input.query, { form: true });
  const day = q.date ?? today(ctx);
  const extra: Record<string, unknown> = {};
  const pid = parseId(typeof input.query['patientId'] === 'string' ? input.query['patientId'] : undefined);
  if (pid !== null) {
    const r = await patientSummaries(ctx, [pid]);
    extra['values'] = { date: day, patient: r.byId.get(pid)?.mrn ?? String(pid) };
  }
  if (input.query['done'] === 'booked') extra['flash'] = ctx.t('appointments.flash.booked');
  if (input.query['done'] === 'cancelled') extra['flash'] = ctx.t('appointments.flash.bookingCancelled');
  return { data: await pageData(ctx, day, extra) };
}

export async function createBookingForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = (input.body ?? {}) as Record<string, unknown>;
  try {
    const patient = await resolvePatientRef(ctx, body['patient']);
    const b = await makeBooking(ctx, { patientId: patient.id, poliId: body['poliId'], doctorId: body['doctorId'], date: body['date'], time: body['time'] }, true);
    return { redirect: `/appointments/bookings?date=${b.date}&done=booked` };
  } catch (err) {
    const e = formErrors(err, ctx, { patientId: 'patient' });
    const day = typeof body['date'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body['date']) ? body['date'] : today(ctx);
    return { status: e.status, data: await pageData(ctx, day, { values: body, errors: e.errors, formError: e.formError }) };
  }
}

/** Check-in from the list: to the queue board with the new number, or back here with the reason. */
export async function checkInBookingForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const entry = await checkIn(input, ctx);
    return { redirect: `/appointments/queue?poliId=${entry.poliId}&added=${entry.id}` };
  } catch (err) {
    if (!(err instanceof BilikError) || err.status === 403 || err.status === 404) throw err;
    return { status: err.status, data: await pageData(ctx, today(ctx), { flashError: ctx.t(err.message, err.params) }) };
  }
}

export async function cancelBookingForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const b = await cancel(input, ctx);
    return { redirect: `/appointments/bookings?date=${b.date}&done=cancelled` };
  } catch (err) {
    if (!(err instanceof BilikError) || err.status === 403 || err.status === 404) throw err;
    return { status: err.status, data: await pageData(ctx, today(ctx), { flashError: ctx.t(err.message, err.params) }) };
  }
}
