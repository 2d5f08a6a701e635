// Polis: the clinic's outpatient rooms (Poli Umum, Poli Gigi, …), each with
// its own queue prefix.
import { isUniqueViolation } from '../../kernel/index.js';
import { AppointmentErrors, fail } from './errors.js';
import type { AppointmentsDb, PoliRow } from './repo.js';
import type { z } from 'zod';
import type { poliCreateSchema, poliPatchSchema } from './schemas.js';

export async function listPolis(db: AppointmentsDb, opts: { activeOnly?: boolean } = {}): Promise<PoliRow[]> {
  let q = db.selectFrom('polis').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.orderBy('code').execute()) as PoliRow[];
}

export async function findPoli(db: AppointmentsDb, id: number): Promise<PoliRow | undefined> {
  return (await db.selectFrom('polis').selectAll().where('id', '=', id).executeTakeFirst()) as PoliRow | undefined;
}

/** Maps the unique indexes to field-level 409s, so the form shows the error on the right input. */
function uniqueFailure(err: unknown): never {
  if (isUniqueViolation(err, 'code')) throw fail(AppointmentErrors.POLI_CODE_TAKEN, { code: 'appointments.error.code.taken' });
  if (isUniqueViolation(err, 'queue_prefix')) throw fail(AppointmentErrors.POLI_PREFIX_TAKEN, { queuePrefix: 'appointments.error.queuePrefix.taken' });
  throw err;
}

export async function insertPoli(db: AppointmentsDb, input: z.infer<typeof poliCreateSchema>, now = new Date()): Promise<PoliRow> {
  const at = now.toISOString();
  try {
    const { id } = await db
      .insertInto('polis')
      .values({ code: input.code, name: input.name, room: input.room, queue_prefix: input.queuePrefix, active: input.active === false ? 0 : 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await findPoli(db, Number(id)))!;
  } catch (err) {
    uniqueFailure(err);
  }
}

export async function updatePoli(db: AppointmentsDb, id: number, patch: z.infer<typeof poliPatchSchema>, now = new Date()): Promise<PoliRow | undefined> {
  const cols: Record<string, unknown> = { updated_at: now.toISOString() };
  if (patch.name !== undefined) cols['name'] = patch.name;
  if (patch.room !== undefined) cols['room'] = patch.room;
  if (patch.active !== undefined) cols['active'] = patch.active ? 1 : 0;
  const res = await db.updateTable('polis').set(cols).where('id', '=', id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return undefined;
  return findPoli(db, id);
}

export async function polisEmpty(db: AppointmentsDb): Promise<boolean> {
  return (await db.selectFrom('polis').select('id').limit(1).executeTakeFirst()) === undefined;
}
