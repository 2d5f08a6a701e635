// The module's tables as Kysely types, and the row → JSON mappings. Queries
// that belong to one concern live in repo-*.ts beside this file.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { HandlerContext } from '../../kernel/index.js';
import type { BookingJson, PoliJson, QueueEntryJson, ScheduleJson } from './schemas.js';
import type { QueueStatus } from './queue-rules.js';

export interface PolisTable {
  id: Generated<number>;
  code: string;
  name: string;
  room: string;
  queue_prefix: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SchedulesTable {
  id: Generated<number>;
  doctor_id: number;
  poli_id: number;
  weekday: number;
  start_time: string;
  end_time: string;
  slot_minutes: number;
  created_at: string;
}

export interface QueueEntriesTable {
  id: Generated<number>;
  poli_id: number;
  day: string;
  seq: number;
  number: string;
  patient_id: number;
  mrn: string;
  doctor_id: number | null;
  booking_id: number | null;
  status: string;
  encounter_id: number | null;
  news2_score: number | null;
  news2_risk: string | null;
  active_key: string | null;
  arrived_at: string;
  called_at: string | null;
  updated_at: string;
  created_by: number | null;
}

export interface BookingsTable {
  id: Generated<number>;
  patient_id: number;
  mrn: string;
  poli_id: number;
  doctor_id: number;
  day: string;
  time: string;
  status: string;
  queue_entry_id: number | null;
  slot_key: string | null;
  patient_key: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AppointmentsDatabase {
  polis: PolisTable;
  schedules: SchedulesTable;
  queue_entries: QueueEntriesTable;
  bookings: BookingsTable;
}

export type AppointmentsDb = Kysely<AppointmentsDatabase>;
export type AppointmentsTrx = Transaction<AppointmentsDatabase>;

export type PoliRow = Omit<PolisTable, 'id'> & { id: number };
export type ScheduleRow = Omit<SchedulesTable, 'id'> & { id: number };
export type QueueRow = Omit<QueueEntriesTable, 'id'> & { id: number };
export type BookingRow = Omit<BookingsTable, 'id'> & { id: number };

export function appointmentsDb(ctx: HandlerContext): AppointmentsDb {
  return ctx.db as AppointmentsDb;
}

/** Postgres hands back integer columns of bigint type as strings; ids are numbers everywhere else. */
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toPoliJson(r: PoliRow): PoliJson {
  return { id: num(r.id), code: r.code, name: r.name, room: r.room, queuePrefix: r.queue_prefix, active: Number(r.active) === 1 };
}

export function toScheduleJson(r: ScheduleRow): ScheduleJson {
  return { id: num(r.id), doctorId: num(r.doctor_id), poliId: num(r.poli_id), weekday: num(r.weekday), start: r.start_time, end: r.end_time, slotMinutes: num(r.slot_minutes) };
}

export function toBookingJson(r: BookingRow): BookingJson {
  return {
    id: num(r.id),
    patientId: num(r.patient_id),
    mrn: r.mrn,
    poliId: num(r.poli_id),
    doctorId: num(r.doctor_id),
    date: r.day,
    time: r.time,
    status: r.status as BookingJson['status'],
    queueEntryId: numOrNull(r.queue_entry_id),
    createdAt: r.created_at,
  };
}

/** The API shape of an entry; `patientName` is filled by the caller from patients (null when it is down). */
export function toQueueJson(r: QueueRow, patientName: string | null = null): QueueEntryJson {
  return {
    id: num(r.id),
    number: r.number,
    patientId: num(r.patient_id),
    mrn: r.mrn,
    patientName,
    poliId: num(r.poli_id),
    doctorId: numOrNull(r.doctor_id),
    bookingId: numOrNull(r.booking_id),
    status: r.status as QueueStatus,
    encounterId: numOrNull(r.encounter_id),
    news2: r.news2_score === null || r.news2_score === undefined ? null : { score: Number(r.news2_score), risk: r.news2_risk ?? 'unknown' },
    arrivedAt: r.arrived_at,
    calledAt: r.called_at,
  };
}
