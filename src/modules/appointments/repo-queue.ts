// The daily queue per poli. A new entry is written in two steps around the
// call to records (see queue-service.ts): first as 'pending' (holding its
// number and the patient's one-open-entry key, never listed), then 'waiting'
// with its encounter id; or deleted when records could not open the encounter.
import { sql } from 'kysely';
import { isUniqueViolation, writeAudit } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { AppointmentErrors, fail } from './errors.js';
import { activeKey, formatQueueNumber } from './queue-rules.js';
import type { QueueStatus } from './queue-rules.js';
import type { AppointmentsDb, QueueRow } from './repo.js';

/** Concurrent walk-ins at one poli may draw the same next number on Postgres; the loser retries. */
const NUMBER_ATTEMPTS = 8;
/** A pending entry older than this was orphaned by a crash between the two steps and may be cleared. */
const STALE_PENDING_MS = 60_000;

export interface NewEntry {
  poliId: number;
  prefix: string;
  day: string;
  patientId: number;
  mrn: string;
  doctorId: number | null;
  bookingId: number | null;
  createdBy: number | null;
}

async function insertOnce(db: AppointmentsDb, e: NewEntry, now: Date): Promise<QueueRow> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    // The next number is computed inside the INSERT itself: one statement, so
    // SQLite serialises it, and Postgres' unique index catches a tie.
    const { id, seq } = await trx
      .insertInto('queue_entries')
      .values({
        poli_id: e.poliId,
        day: e.day,
        seq: sql<number>`(select coalesce(max(q.seq), 0) + 1 from queue_entries q where q.poli_id = ${e.poliId} and q.day = ${e.day})`,
        number: '',
        patient_id: e.patientId,
        mrn: e.mrn,
        doctor_id: e.doctorId,
        booking_id: e.bookingId,
        status: 'pending',
        active_key: activeKey(e.patientId, e.poliId, e.day),
        arrived_at: at,
        updated_at: at,
        created_by: e.createdBy,
      })
      .returning(['id', 'seq'])
      .executeTakeFirstOrThrow();
    const number = formatQueueNumber(e.prefix, Number(seq));
    await trx.updateTable('queue_entries').set({ number }).where('id', '=', Number(id)).execute();
    return (await trx.selectFrom('queue_entries').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow()) as QueueRow;
  });
}

/** Clears a pending entry left behind by a crash, so it does not block the patient forever. */
async function clearStalePending(db: AppointmentsDb, key: string, now: Date): Promise<boolean> {
  const cutoff = new Date(now.getTime() - STALE_PENDING_MS).toISOString();
  const res = await db.deleteFrom('queue_entries').where('active_key', '=', key).where('status', '=', 'pending').where('arrived_at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Step one: a pending entry with the day's next number. 409 when the patient already has an open entry here today. */
export async function insertPendingEntry(db: AppointmentsDb, e: NewEntry, now = new Date()): Promise<QueueRow> {
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    try {
      return await insertOnce(db, e, now);
    } catch (err) {
      if (isUniqueViolation(err, 'active_key')) {
        if (await clearStalePending(db, activeKey(e.patientId, e.poliId, e.day), now)) continue;
        throw fail(AppointmentErrors.ALREADY_QUEUED, { patientId: 'appointments.error.patientId.alreadyQueued' });
      }
      if (isUniqueViolation(err, 'seq')) continue;
      throw err;
    }
  }
  throw fail(AppointmentErrors.QUEUE_BUSY);
}

/** Step two: the entry becomes visible as 'waiting' with its encounter; audited in the same transaction. */
export async function confirmEntry(
  db: AppointmentsDb,
  ctx: HandlerContext,
  row: QueueRow,
  encounterId: number,
  booking: { id: number } | null,
  now = new Date(),
): Promise<QueueRow> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('queue_entries').set({ status: 'waiting', encounter_id: encounterId, updated_at: at }).where('id', '=', row.id).execute();
    await writeAudit(trx, ctx, { action: 'create', entity: 'queue-entry', patientId: Number(row.patient_id), encounterId });
    if (booking) {
      const res = await trx
        .updateTable('bookings')
        .set({ status: 'checked-in', queue_entry_id: row.id, updated_at: at })
        .where('id', '=', booking.id)
        .where('status', '=', 'booked')
        .executeTakeFirst();
      // Someone cancelled or checked the booking in meanwhile: undo this whole step.
      if (Number(res.numUpdatedRows) === 0) throw fail(AppointmentErrors.BOOKING_STATE);
      await writeAudit(trx, ctx, { action: 'update', entity: 'booking', patientId: Number(row.patient_id), encounterId });
    }
    return (await trx.selectFrom('queue_entries').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as QueueRow;
  });
}

/** Undo of step one, when records could not open the encounter: nothing half-made stays. */
export async function deletePendingEntry(db: AppointmentsDb, id: number): Promise<void> {
  await db.deleteFrom('queue_entries').where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function findEntry(db: AppointmentsDb, id: number): Promise<QueueRow | undefined> {
  return (await db.selectFrom('queue_entries').selectAll().where('id', '=', id).where('status', '!=', 'pending').executeTakeFirst()) as QueueRow | undefined;
}

export async function listEntries(db: AppointmentsDb, filter: { day: string; poliId?: number; poliIds?: number[] }): Promise<QueueRow[]> {
  let q = db.selectFrom('queue_entries').selectAll().where('day', '=', filter.day).where('status', '!=', 'pending');
  if (filter.poliId !== undefined) q = q.where('poli_id', '=', filter.poliId);
  if (filter.poliIds !== undefined) {
    if (filter.poliIds.length === 0) return [];
    q = q.where('poli_id', 'in', filter.poliIds);
  }
  return (await q.orderBy('poli_id').orderBy('seq').execute()) as QueueRow[];
}

const OPEN: readonly string[] = ['waiting', 'called', 'in-consultation'];

/**
 * Moves an entry from `from` to `to` only if it is still in `from` (a
 * concurrent change wins, and this one reports 409). Closing an entry frees
 * the patient's open-entry key. Audited in the same transaction.
 */
export async function transitionEntry(
  db: AppointmentsDb,
  ctx: HandlerContext,
  row: QueueRow,
  to: QueueStatus,
  extra: { calledAt?: string; news2?: { score: number; risk: string } | null } = {},
  now = new Date(),
): Promise<QueueRow> {
  return db.transaction().execute(async (trx) => {
    const cols: Record<string, unknown> = { status: to, updated_at: now.toISOString() };
    if (!OPEN.includes(to)) cols['active_key'] = null;
    if (extra.calledAt) cols['called_at'] = extra.calledAt;
    const res = await trx.updateTable('queue_entries').set(cols).where('id', '=', row.id).where('status', '=', row.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw fail(AppointmentErrors.QUEUE_STATE);
    await writeAudit(trx, ctx, { action: 'update', entity: 'queue-entry', patientId: Number(row.patient_id), encounterId: row.encounter_id === null ? null : Number(row.encounter_id) });
    return (await trx.selectFrom('queue_entries').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as QueueRow;
  });
}

/**
 * Stores what records said (status followed from the encounter, NEWS2), so the
 * board still shows it when records is down. Conditional on the old status,
 * like every transition; not audited (no one changed clinical data here: this
 * copies records' own state).
 */
export async function storeEncounterState(db: AppointmentsDb, row: QueueRow, status: string, news2: { score: number; risk: string } | null, now = new Date()): Promise<void> {
  const cols: Record<string, unknown> = { status, updated_at: now.toISOString(), news2_score: news2 ? Math.round(news2.score) : null, news2_risk: news2 ? news2.risk : null };
  if (!OPEN.includes(status)) cols['active_key'] = null;
  await db.updateTable('queue_entries').set(cols).where('id', '=', row.id).where('status', '=', row.status).execute();
}

export async function countByStatus(db: AppointmentsDb, day: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('queue_entries')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('day', '=', day)
    .where('status', '!=', 'pending')
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
