// Every write of the records module: one transaction each, the audit entry in
// the same transaction. A state check is the transaction's FIRST statement and
// a write (UPDATE … WHERE status IN (…)): on SQLite a read-then-write
// transaction can fail with SQLITE_BUSY when another worker commits between the
// two, and on Postgres the row lock serialises a concurrent "finish" with an
// "add diagnosis". When the guarded UPDATE touches nothing, a read says why.
import type { Transaction } from 'kysely';
import { BilikError, isUniqueViolation, writeAudit } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { findCode } from './codes/lookup.js';
import { RecordsErrors, encounterNotFound, itemNotFound, stateError } from './errors.js';
import type { StateReason } from './errors.js';
import { news2, toTenths } from './news2.js';
import { fold } from './codes/lookup.js';
import { toPrescriptionJson, toVitalsJson } from './repo.js';
import type { AllergyJson, DiagnosisJson, EncounterRow, PrescriptionJson, ProcedureJson, RecordsDatabase, RecordsDb, VitalsJson } from './repo.js';
import type { AllergyInput, EncounterStatus, PrescriptionInput, SoapInput, VitalsInput } from './schemas.js';

type Trx = Transaction<RecordsDatabase>;
type Ctx = Pick<HandlerContext, 'user'>;

const OPEN: EncounterStatus[] = ['arrived', 'in-progress'];
const now = () => new Date().toISOString();
const uid = (ctx: Ctx) => ctx.user?.id ?? null;

/**
 * Touches the encounter when its status is one of `allowed` and returns it;
 * otherwise 404 (unknown) or 409 with `reason`.
 */
async function guard(trx: Trx, id: number, allowed: EncounterStatus[], reason: (status: EncounterStatus) => StateReason, cols: Record<string, unknown> = {}): Promise<EncounterRow> {
  const res = await trx.updateTable('encounters').set({ ...cols, updated_at: now() }).where('id', '=', id).where('status', 'in', allowed).executeTakeFirst();
  const row = await trx.selectFrom('encounters').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw encounterNotFound();
  if (Number(res.numUpdatedRows) === 0) throw stateError(reason(row.status));
  return row;
}

const closedReason = (): StateReason => 'closed';
const needsStarted = (s: EncounterStatus): StateReason => (s === 'arrived' ? 'notStarted' : 'closed');

export interface OpenArgs {
  queueEntryId: number;
  patientId: number;
  poliId: number;
  poliName: string;
  doctorId?: number | null | undefined;
  queueNumber: string;
}

/** Idempotent on queueEntryId: the unique index, not a pre-check, decides a race. */
export async function openEncounter(db: RecordsDb, ctx: Ctx, a: OpenArgs): Promise<{ encounterId: number; status: EncounterStatus }> {
  const at = now();
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('encounters')
        .values({
          queue_entry_id: a.queueEntryId,
          patient_id: a.patientId,
          poli_id: a.poliId,
          poli_name: a.poliName,
          doctor_id: a.doctorId ?? null,
          queue_number: a.queueNumber,
          status: 'arrived',
          arrived_at: at,
          chief_complaint: null,
          created_by: uid(ctx),
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const encounterId = Number(id);
      await trx.insertInto('encounter_status_history').values({ encounter_id: encounterId, status: 'arrived', at, user_id: uid(ctx) }).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'encounter', patientId: a.patientId, encounterId });
      return { encounterId, status: 'arrived' as const };
    });
  } catch (err) {
    if (!isUniqueViolation(err, 'queue_entry')) throw err;
    const row = await db.selectFrom('encounters').select(['id', 'status']).where('queue_entry_id', '=', a.queueEntryId).executeTakeFirstOrThrow();
    return { encounterId: Number(row.id), status: row.status };
  }
}

/**
 * A status change along the encounter's life: arrived → in-progress → finished,
 * or arrived → cancelled. `extra` narrows the guarded UPDATE further (finish
 * needs a primary diagnosis); `why` explains a refusal.
 */
async function transition(db: RecordsDb, ctx: Ctx, id: number, from: EncounterStatus, to: EncounterStatus, stamp: 'started_at' | 'finished_at' | 'cancelled_at', why: (row: EncounterRow) => BilikError): Promise<EncounterRow> {
  return db.transaction().execute(async (trx) => {
    const at = now();
    let q = trx.updateTable('encounters').set({ status: to, [stamp]: at, updated_at: at }).where('id', '=', id).where('status', '=', from);
    if (to === 'finished') {
      q = q.where((eb) => eb.exists(eb.selectFrom('diagnoses').select('diagnoses.id').whereRef('diagnoses.encounter_id', '=', 'encounters.id').where('diagnoses.is_primary', '=', 1)));
    }
    const res = await q.executeTakeFirst();
    const row = await trx.selectFrom('encounters').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw encounterNotFound();
    if (Number(res.numUpdatedRows) === 0) throw why(row);
    await trx.insertInto('encounter_status_history').values({ encounter_id: id, status: to, at, user_id: uid(ctx) }).execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'encounter', patientId: Number(row.patient_id), encounterId: id });
    return row;
  });
}

export const startEncounter = (db: RecordsDb, ctx: Ctx, id: number) => transition(db, ctx, id, 'arrived', 'in-progress', 'started_at', () => stateError('notArrived'));

export const cancelEncounter = (db: RecordsDb, ctx: Ctx, id: number) => transition(db, ctx, id, 'arrived', 'cancelled', 'cancelled_at', () => stateError('cannotCancel'));

export const finishEncounter = (db: RecordsDb, ctx: Ctx, id: number) =>
  transition(db, ctx, id, 'in-progress', 'finished', 'finished_at', (row) =>
    row.status === 'in-progress' ? new BilikError(RecordsErrors.NO_PRIMARY_DIAGNOSIS) : stateError(needsStarted(row.status)),
  );

export async function recordVitals(db: RecordsDb, ctx: Ctx, id: number, v: VitalsInput): Promise<VitalsJson> {
  return db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, OPEN, closedReason);
    const score = news2(v);
    const row = await trx
      .insertInto('vitals')
      .values({
        encounter_id: id,
        patient_id: Number(enc.patient_id),
        systolic: v.systolic,
        diastolic: v.diastolic,
        pulse: v.pulse,
        resp_rate: v.respRate,
        temperature: toTenths(v.temperature),
        spo2: v.spo2,
        on_oxygen: v.onOxygen ? 1 : 0,
        consciousness: v.consciousness,
        weight_g: v.weightKg == null ? null : Math.round(v.weightKg * 1000),
        height_mm: v.heightCm == null ? null : Math.round(v.heightCm * 10),
        news2_score: score.score,
        news2_risk: score.risk,
        recorded_by: uid(ctx),
        recorded_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'create', entity: 'vitals', patientId: Number(enc.patient_id), encounterId: id });
    return toVitalsJson(row);
  });
}

export async function setChiefComplaint(db: RecordsDb, ctx: Ctx, id: number, chiefComplaint: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, OPEN, closedReason, { chief_complaint: chiefComplaint });
    await writeAudit(trx, ctx, { action: 'update', entity: 'chief-complaint', patientId: Number(enc.patient_id), encounterId: id });
  });
}

export async function addAllergy(db: RecordsDb, ctx: Ctx, patientId: number, a: AllergyInput): Promise<AllergyJson> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('allergies')
        .values({ patient_id: patientId, substance: a.substance, substance_key: fold(a.substance), reaction: a.reaction || null, severity: a.severity, recorded_by: uid(ctx), recorded_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, { action: 'create', entity: 'allergy', patientId });
      return { id: Number(row.id), patientId, substance: row.substance, reaction: row.reaction, severity: row.severity, recordedAt: row.recorded_at };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'substance')) throw new BilikError(RecordsErrors.ALLERGY_DUPLICATE, { fields: { substance: 'records.error.substance.duplicate' } });
    throw err;
  }
}

export async function saveSoap(db: RecordsDb, ctx: Ctx, id: number, s: SoapInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, ['in-progress'], needsStarted);
    const at = now();
    const cols = { subjective: s.subjective ?? '', objective: s.objective ?? '', assessment: s.assessment ?? '', plan: s.plan ?? '', updated_by: uid(ctx), updated_at: at };
    await trx
      .insertInto('soap_notes')
      .values({ encounter_id: id, ...cols })
      .onConflict((oc) => oc.column('encounter_id').doUpdateSet(cols))
      .execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'soap', patientId: Number(enc.patient_id), encounterId: id });
  });
}

export async function addDiagnosis(db: RecordsDb, ctx: Ctx, id: number, code: string, primary: boolean): Promise<DiagnosisJson> {
  const entry = findCode('icd10', code)!;
  try {
    return await db.transaction().execute(async (trx) => {
      const enc = await guard(trx, id, ['in-progress'], needsStarted);
      const row = await trx
        .insertInto('diagnoses')
        .values({ encounter_id: id, code: entry.code, display: entry.display, is_primary: primary ? 1 : 0, created_by: uid(ctx), created_at: now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, { action: 'create', entity: 'diagnosis', patientId: Number(enc.patient_id), encounterId: id });
      return { id: Number(row.id), code: entry.code, display: entry.display, primary };
    });
  } catch (err) {
    // The partial index on primaries names only encounter_id, so test the code index first.
    if (isUniqueViolation(err, 'code')) throw new BilikError(RecordsErrors.DIAGNOSIS_DUPLICATE, { fields: { code: 'records.error.code.duplicate' } });
    if (isUniqueViolation(err, 'primary') || isUniqueViolation(err, 'encounter_id')) {
      throw new BilikError(RecordsErrors.PRIMARY_EXISTS, { fields: { primary: 'records.error.primary.exists' } });
    }
    throw err;
  }
}

export async function addProcedure(db: RecordsDb, ctx: Ctx, id: number, code: string): Promise<ProcedureJson> {
  const entry = findCode('icd9cm', code)!;
  return db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, ['in-progress'], needsStarted);
    const row = await trx
      .insertInto('procedures')
      .values({ encounter_id: id, code: entry.code, display: entry.display, created_by: uid(ctx), created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'create', entity: 'procedure', patientId: Number(enc.patient_id), encounterId: id });
    return { id: Number(row.id), code: entry.code, display: entry.display };
  });
}

export async function addPrescription(db: RecordsDb, ctx: Ctx, id: number, p: PrescriptionInput): Promise<PrescriptionJson> {
  const drug = findCode('drug', p.drugCode)!;
  return db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, ['in-progress'], needsStarted);
    const row = await trx
      .insertInto('prescriptions')
      .values({
        encounter_id: id,
        drug_code: drug.code,
        drug_name: drug.name ?? drug.display,
        strength: drug.strength ?? '',
        dose: p.dose,
        frequency: p.frequency,
        duration_days: p.durationDays,
        quantity: p.quantity,
        instructions: p.instructions || null,
        created_by: uid(ctx),
        created_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'create', entity: 'prescription', patientId: Number(enc.patient_id), encounterId: id });
    return toPrescriptionJson(row);
  });
}

export type ItemTable = 'diagnoses' | 'procedures' | 'prescriptions';
const ENTITY: Record<ItemTable, string> = { diagnoses: 'diagnosis', procedures: 'procedure', prescriptions: 'prescription' };

/** Removes one item of an in-progress encounter (a correction; the audit log keeps that it happened). */
export async function removeItem(db: RecordsDb, ctx: Ctx, id: number, table: ItemTable, itemId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const enc = await guard(trx, id, ['in-progress'], needsStarted);
    const res = await trx.deleteFrom(table).where('id', '=', itemId).where('encounter_id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw itemNotFound();
    await writeAudit(trx, ctx, { action: 'update', entity: ENTITY[table], patientId: Number(enc.patient_id), encounterId: id });
  });
}
