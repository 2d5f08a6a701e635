// Bookings: a patient's appointment with a doctor at a poli, at a slot of the
// doctor's schedule. Two unique keys (cleared when cancelled) make the two
// conflict rules race-safe: one patient per doctor slot, one booking per
// patient per day per poli.
import { isUniqueViolation, writeAudit } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { AppointmentErrors, fail } from './errors.js';
import type { AppointmentsDb, BookingRow } from './repo.js';

export interface NewBooking {
  patientId: number;
  mrn: string;
  poliId: number;
  doctorId: number;
  day: string;
  time: string;
}

export const slotKey = (doctorId: number, day: string, time: string) => `${doctorId}|${day}|${time}`;
export const patientDayKey = (patientId: number, day: string, poliId: number) => `${patientId}|${day}|${poliId}`;

export async function insertBooking(db: AppointmentsDb, ctx: HandlerContext, b: NewBooking, now = new Date()): Promise<BookingRow> {
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('bookings')
        .values({
          patient_id: b.patientId,
          mrn: b.mrn,
          poli_id: b.poliId,
          doctor_id: b.doctorId,
          day: b.day,
          time: b.time,
          status: 'booked',
          queue_entry_id: null,
          slot_key: slotKey(b.doctorId, b.day, b.time),
          patient_key: patientDayKey(b.patientId, b.day, b.poliId),
          created_by: ctx.user?.id ?? null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, { action: 'create', entity: 'booking', patientId: b.patientId });
      return (await trx.selectFrom('bookings').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow()) as BookingRow;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'slot_key')) throw fail(AppointmentErrors.BOOKING_CONFLICT, { time: 'appointments.error.booking.slotTaken' });
    if (isUniqueViolation(err, 'patient_key')) throw fail(AppointmentErrors.BOOKING_CONFLICT, { patientId: 'appointments.error.booking.patientHasOne' });
    throw err;
  }
}

export async function findBooking(db: AppointmentsDb, id: number): Promise<BookingRow | undefined> {
  return (await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst()) as BookingRow | undefined;
}

export async function listBookings(db: AppointmentsDb, filter: { day: string; poliId?: number; doctorId?: number }): Promise<BookingRow[]> {
  let q = db.selectFrom('bookings').selectAll().where('day', '=', filter.day);
  if (filter.poliId !== undefined) q = q.where('poli_id', '=', filter.poliId);
  if (filter.doctorId !== undefined) q = q.where('doctor_id', '=', filter.doctorId);
  return (await q.orderBy('time').orderBy('id').execute()) as BookingRow[];
}

/** Taken slot starts of a doctor on a day, for the booking form. */
export async function takenTimes(db: AppointmentsDb, doctorId: number, day: string): Promise<Set<string>> {
  const rows = await db.selectFrom('bookings').select('time').where('doctor_id', '=', doctorId).where('day', '=', day).where('status', '!=', 'cancelled').execute();
  return new Set(rows.map((r) => r.time));
}

/** booked → cancelled; frees both keys so the slot can be booked again. 409 from any other status. */
export async function cancelBooking(db: AppointmentsDb, ctx: HandlerContext, row: BookingRow, now = new Date()): Promise<BookingRow> {
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('bookings')
      .set({ status: 'cancelled', slot_key: null, patient_key: null, updated_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw fail(AppointmentErrors.BOOKING_STATE);
    await writeAudit(trx, ctx, { action: 'update', entity: 'booking', patientId: Number(row.patient_id) });
    return (await trx.selectFrom('bookings').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as BookingRow;
  });
}
