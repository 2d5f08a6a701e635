// Bookings: the rules of a booking (shared by the API and the page) and the API.
import { localDay, validate, validationError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { requireDoctor, requirePatient } from '../calls.js';
import { AppointmentErrors, fail } from '../errors.js';
import { cancelBooking, findBooking, insertBooking, listBookings } from '../repo-bookings.js';
import { windowsFor } from '../repo-schedules.js';
import { appointmentsDb, toBookingJson } from '../repo.js';
import type { BookingRow } from '../repo.js';
import { bookingCreateSchema, bookingQuerySchema, emptyBodySchema } from '../schemas.js';
import type { BookingJson, QueueEntryJson } from '../schemas.js';
import { addToQueue, requireActivePoli } from '../queue-service.js';
import { checkSlot, weekdayOf } from '../slots.js';
import { idParam, today } from './common.js';

/** The clinic-local wall-clock 'HH:MM' of now, to refuse a slot earlier today. */
function nowLocal(ctx: HandlerContext, now: Date): { day: string; time: string } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: ctx.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return { day: localDay(now, ctx.timeZone), time: f.format(now) };
}

/**
 * Order of checks: the form's own fields (422), the poli, the slot against the
 * clock and the doctor's schedule (422), the doctor and patient with the
 * modules that know them (422, or 503 when patients is down), then the unique
 * keys (409 BOOKING_CONFLICT).
 */
export async function makeBooking(ctx: HandlerContext, body: unknown, form: boolean): Promise<BookingJson> {
  const b = validate(bookingCreateSchema, body, { form });
  const poli = await requireActivePoli(ctx, b.poliId);
  const now = nowLocal(ctx, new Date());
  if (b.date < now.day || (b.date === now.day && b.time <= now.time)) {
    throw validationError(b.date < now.day ? { date: 'appointments.error.booking.past' } : { time: 'appointments.error.booking.past' });
  }
  const windows = await windowsFor(appointmentsDb(ctx), b.doctorId, Number(poli.id), weekdayOf(b.date));
  const slot = checkSlot(windows, b.time);
  if (slot === 'outside') throw validationError({ time: 'appointments.error.booking.outsideSchedule' });
  if (slot === 'off-boundary') throw validationError({ time: 'appointments.error.booking.offBoundary' });
  await requireDoctor(ctx, b.doctorId);
  const patient = await requirePatient(ctx, b.patientId);
  const row = await insertBooking(appointmentsDb(ctx), ctx, { patientId: patient.id, mrn: patient.mrn, poliId: Number(poli.id), doctorId: b.doctorId, day: b.date, time: b.time });
  ctx.log.info({ bookingId: row.id, poliId: row.poli_id }, 'booking made');
  return toBookingJson(row);
}

async function loadBooking(input: RequestInput, ctx: HandlerContext): Promise<BookingRow> {
  const id = idParam(input, AppointmentErrors.BOOKING_NOT_FOUND);
  const row = await findBooking(appointmentsDb(ctx), id);
  if (!row) throw fail(AppointmentErrors.BOOKING_NOT_FOUND);
  return row;
}

/** Only a `booked` booking, only on its own day: the patient joins today's queue like a walk-in. */
export async function checkIn(input: RequestInput, ctx: HandlerContext): Promise<QueueEntryJson> {
  const row = await loadBooking(input, ctx);
  if (row.status !== 'booked' || row.day !== today(ctx)) throw fail(AppointmentErrors.BOOKING_STATE);
  return addToQueue(ctx, { patientId: Number(row.patient_id), poliId: Number(row.poli_id), doctorId: Number(row.doctor_id), booking: { id: row.id } });
}

export async function cancel(input: RequestInput, ctx: HandlerContext): Promise<BookingJson> {
  const row = await loadBooking(input, ctx);
  if (row.status !== 'booked') throw fail(AppointmentErrors.BOOKING_STATE);
  return toBookingJson(await cancelBooking(appointmentsDb(ctx), ctx, row));
}

export async function listBookingsApi(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const q = validate(bookingQuerySchema, input.query, { form: true });
  const rows = await listBookings(appointmentsDb(ctx), { day: q.date ?? today(ctx), ...(q.poliId !== undefined && { poliId: q.poliId }), ...(q.doctorId !== undefined && { doctorId: q.doctorId }) });
  return { data: rows.map(toBookingJson) };
}

export async function createBooking(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 201, data: await makeBooking(ctx, input.body, false) };
}

export async function checkInBookingApi(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  validate(emptyBodySchema, input.body ?? {});
  return { status: 201, data: await checkIn(input, ctx) };
}

export async function cancelBookingApi(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  validate(emptyBodySchema, input.body ?? {});
  return { data: await cancel(input, ctx) };
}
