// The queue's use cases shared by the API, the pages and check-in: adding a
// patient (walk-in or booked), and reading a day's board with statuses that
// follow records and names from patients, each degrading on its own.
import { localDay } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { encounterStates, openEncounter, patientSummaries, requirePatient } from './calls.js';
import { validationError } from '../../kernel/index.js';
import { findPoli } from './repo-polis.js';
import { confirmEntry, deletePendingEntry, insertPendingEntry, listEntries, storeEncounterState } from './repo-queue.js';
import { statusFromEncounter } from './queue-rules.js';
import { appointmentsDb, toQueueJson } from './repo.js';
import type { PoliRow, QueueRow } from './repo.js';
import type { QueueEntryJson } from './schemas.js';

export interface AddToQueue {
  patientId: number;
  poliId: number;
  doctorId: number | null;
  booking?: { id: number } | null;
}

/** An active poli, or 422 on `poliId` (an inactive poli takes no new patients). */
export async function requireActivePoli(ctx: HandlerContext, poliId: number): Promise<PoliRow> {
  const poli = await findPoli(appointmentsDb(ctx), poliId);
  if (!poli) throw validationError({ poliId: 'appointments.error.poliId.unknown' });
  if (Number(poli.active) !== 1) throw validationError({ poliId: 'appointments.error.poliId.inactive' });
  return poli;
}

/**
 * Today's next number at the poli, an encounter in records, then the entry
 * made visible. The patient is checked first (422 unknown, 503 patients down)
 * and nothing is stored until both modules have answered; if records fails,
 * the pending entry is removed and the caller gets 503.
 */
export async function addToQueue(ctx: HandlerContext, req: AddToQueue): Promise<QueueEntryJson> {
  const db = appointmentsDb(ctx);
  const poli = await requireActivePoli(ctx, req.poliId);
  const patient = await requirePatient(ctx, req.patientId);
  const now = new Date();
  const pending = await insertPendingEntry(db, {
    poliId: Number(poli.id),
    prefix: poli.queue_prefix,
    day: localDay(now, ctx.timeZone),
    patientId: patient.id,
    mrn: patient.mrn,
    doctorId: req.doctorId,
    bookingId: req.booking?.id ?? null,
    createdBy: ctx.user?.id ?? null,
  }, now);
  let encounterId: number;
  try {
    ({ encounterId } = await openEncounter(ctx, {
      queueEntryId: pending.id,
      patientId: patient.id,
      poliId: Number(poli.id),
      poliName: poli.name,
      doctorId: req.doctorId,
      queueNumber: pending.number,
    }));
  } catch (err) {
    await deletePendingEntry(db, pending.id);
    throw err;
  }
  try {
    const row = await confirmEntry(db, ctx, pending, encounterId, req.booking ?? null);
    ctx.log.info({ queueEntryId: row.id, encounterId, poliId: row.poli_id }, 'patient added to the queue');
    return toQueueJson(row, patient.fullName);
  } catch (err) {
    await deletePendingEntry(db, pending.id);
    throw err;
  }
}

/**
 * Brings open entries in line with their encounters (in-progress → in
 * consultation, finished → done) and stores the NEWS2 score, so both survive
 * records being down. Returns the rows as they now are.
 */
export async function followEncounters(ctx: HandlerContext, rows: QueueRow[]): Promise<{ rows: QueueRow[]; recordsAvailable: boolean }> {
  const watch = rows.filter((r) => r.encounter_id !== null && (r.status === 'waiting' || r.status === 'called' || r.status === 'in-consultation'));
  if (watch.length === 0) return { rows, recordsAvailable: true };
  const { available, byId } = await encounterStates(ctx, watch.map((r) => Number(r.encounter_id)));
  if (!available) return { rows, recordsAvailable: false };
  const db = appointmentsDb(ctx);
  const out: QueueRow[] = [];
  for (const r of rows) {
    const state = r.encounter_id === null ? undefined : byId.get(Number(r.encounter_id));
    if (!state || !watch.includes(r)) {
      out.push(r);
      continue;
    }
    const status = statusFromEncounter(r.status, state.status) ?? r.status;
    const score = state.news2 ? Math.round(state.news2.score) : null;
    const changed = status !== r.status || score !== (r.news2_score === null ? null : Number(r.news2_score)) || (state.news2?.risk ?? null) !== r.news2_risk;
    if (changed) await storeEncounterState(db, r, status, state.news2);
    out.push({ ...r, status, news2_score: score, news2_risk: state.news2?.risk ?? null });
  }
  return { rows: out, recordsAvailable: true };
}

export interface Board {
  date: string;
  entries: QueueEntryJson[];
  patientsAvailable: boolean;
  recordsAvailable: boolean;
}

/** A day's queue (all polis or some), statuses followed from records, names from patients. */
export async function loadBoard(ctx: HandlerContext, filter: { day: string; poliId?: number; poliIds?: number[] }, opts: { names?: boolean } = {}): Promise<Board> {
  const rows = await listEntries(appointmentsDb(ctx), filter);
  const followed = await followEncounters(ctx, rows);
  let names = new Map<number, string>();
  let patientsAvailable = true;
  if (opts.names !== false && followed.rows.length > 0) {
    const p = await patientSummaries(ctx, followed.rows.map((r) => Number(r.patient_id)));
    patientsAvailable = p.available;
    names = new Map([...p.byId].map(([id, s]) => [id, s.fullName]));
  }
  const entries = followed.rows.map((r) => toQueueJson(r, names.get(Number(r.patient_id)) ?? null));
  return {
    date: filter.day,
    entries,
    patientsAvailable,
    recordsAvailable: followed.recordsAvailable,
  };
}
