// Doctor schedules: weekly windows (weekday, start–end) a doctor sees patients
// at one poli, in slots of a fixed length.
import { AppointmentErrors, fail } from './errors.js';
import type { AppointmentsDb, ScheduleRow } from './repo.js';
import { overlaps } from './slots.js';
import type { ScheduleWindow } from './slots.js';

export interface ScheduleInput {
  doctorId: number;
  poliId: number;
  weekday: number;
  start: string;
  end: string;
  slotMinutes: number;
}

export async function listSchedules(db: AppointmentsDb, filter: { poliId?: number; doctorId?: number } = {}): Promise<ScheduleRow[]> {
  let q = db.selectFrom('schedules').selectAll();
  if (filter.poliId !== undefined) q = q.where('poli_id', '=', filter.poliId);
  if (filter.doctorId !== undefined) q = q.where('doctor_id', '=', filter.doctorId);
  return (await q.orderBy('weekday').orderBy('start_time').orderBy('id').execute()) as ScheduleRow[];
}

/**
 * Inserts, then looks for an overlapping window of the same doctor on the same
 * weekday (at any poli: a doctor is in one room at a time) inside the same
 * transaction. Writing first takes SQLite's write lock before the check, so two
 * admins adding overlapping hours at once cannot both succeed.
 */
export async function insertSchedule(db: AppointmentsDb, input: ScheduleInput, now = new Date()): Promise<ScheduleRow> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('schedules')
      .values({ doctor_id: input.doctorId, poli_id: input.poliId, weekday: input.weekday, start_time: input.start, end_time: input.end, slot_minutes: input.slotMinutes, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const others = await trx
      .selectFrom('schedules')
      .select(['start_time', 'end_time'])
      .where('doctor_id', '=', input.doctorId)
      .where('weekday', '=', input.weekday)
      .where('id', '!=', Number(id))
      .execute();
    if (others.some((o) => overlaps({ start: o.start_time, end: o.end_time }, input))) {
      throw fail(AppointmentErrors.SCHEDULE_OVERLAP, { start: 'appointments.error.schedule.overlap' });
    }
    return (await trx.selectFrom('schedules').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow()) as ScheduleRow;
  });
}

export async function deleteSchedule(db: AppointmentsDb, id: number): Promise<boolean> {
  const res = await db.deleteFrom('schedules').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The windows a booking must fit: this doctor, this poli, this weekday. */
export async function windowsFor(db: AppointmentsDb, doctorId: number, poliId: number, weekday: number): Promise<ScheduleWindow[]> {
  const rows = await db
    .selectFrom('schedules')
    .select(['start_time', 'end_time', 'slot_minutes'])
    .where('doctor_id', '=', doctorId)
    .where('poli_id', '=', poliId)
    .where('weekday', '=', weekday)
    .execute();
  return rows.map((r) => ({ start: r.start_time, end: r.end_time, slotMinutes: Number(r.slot_minutes) }));
}
