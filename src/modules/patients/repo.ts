// Data access for the patients module: table types, row mapping, writes and
// point reads (search queries live in search.ts). Writes run in transactions and write first (no
// read-then-write inside a transaction), because on SQLite a deferred
// transaction that upgrades from read to write can fail with SQLITE_BUSY while
// another worker commits; a first statement that writes simply waits its turn.
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { foldForSearch, nameTokens } from './identity.js';
import { isUniqueViolation } from '../../kernel/index.js';
import { nikTaken } from './errors.js';
import { formatMrn } from './search-query.js';
import type { PatientInput, PatientJson, PatientSummary } from './schemas.js';
import type { Sex } from './identity.js';

export interface PatientsTable {
  id: Generated<number>;
  mrn: string | null;
  nik: string;
  full_name: string;
  name_search: string;
  sex: Sex;
  birth_date: string;
  phone: string | null;
  address: string | null;
  payer: PatientJson['payer'];
  bpjs_number: string | null;
  insurer_name: string | null;
  policy_number: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PatientNameTokensTable {
  patient_id: number;
  token: string;
}

export interface PatientsDatabase {
  patients: PatientsTable;
  patient_name_tokens: PatientNameTokensTable;
}

export type PatientsDb = Kysely<PatientsDatabase>;
export type PatientRow = Selectable<PatientsTable>;

/**
 * Runs inside a write's transaction with the patient's id, after the change:
 * the handlers pass one that appends the audit entry, so the entry and the
 * change commit or roll back together. The repository itself knows no user.
 */
export type InTransaction = (trx: Transaction<PatientsDatabase>, patientId: number) => Promise<void>;

export function toPatientJson(row: PatientRow): PatientJson {
  return {
    id: row.id,
    mrn: row.mrn ?? formatMrn(row.id),
    nik: row.nik,
    fullName: row.full_name,
    sex: row.sex,
    birthDate: row.birth_date,
    phone: row.phone,
    address: row.address,
    payer: row.payer,
    bpjsNumber: row.bpjs_number,
    insurerName: row.insurer_name,
    policyNumber: row.policy_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Column values for the fields present in `input`; undefined keys are left out, null clears. */
function columnsOf(input: Partial<PatientInput>): Updateable<PatientsTable> {
  const cols: Updateable<PatientsTable> = {};
  const opt = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v);
  if (input.nik !== undefined) cols.nik = input.nik;
  if (input.fullName !== undefined) {
    cols.full_name = input.fullName;
    cols.name_search = foldForSearch(input.fullName);
  }
  if (input.sex !== undefined) cols.sex = input.sex;
  if (input.birthDate !== undefined) cols.birth_date = input.birthDate;
  if (input.payer !== undefined) cols.payer = input.payer;
  const optional = {
    phone: opt(input.phone),
    address: opt(input.address),
    bpjs_number: opt(input.bpjsNumber),
    insurer_name: opt(input.insurerName),
    policy_number: opt(input.policyNumber),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (cols as Record<string, unknown>)[k] = v;
  return cols;
}

async function writeTokens(trx: Transaction<PatientsDatabase>, id: number, fullName: string, replace: boolean): Promise<void> {
  if (replace) await trx.deleteFrom('patient_name_tokens').where('patient_id', '=', id).execute();
  const tokens = nameTokens(fullName);
  if (tokens.length) await trx.insertInto('patient_name_tokens').values(tokens.map((token) => ({ patient_id: id, token }))).execute();
}

export async function findPatient(db: PatientsDb, id: number): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMrnByNik(db: PatientsDb, nik: string): Promise<string | null> {
  const row = await db.selectFrom('patients').select(['id', 'mrn']).where('nik', '=', nik).executeTakeFirst();
  return row ? (row.mrn ?? formatMrn(row.id)) : null;
}

/** Inserts a patient and assigns its MRN in the same transaction. Throws PATIENT_NIK_TAKEN on a duplicate NIK. */
export async function insertPatient(db: PatientsDb, input: PatientInput, createdBy: number | null, now = new Date(), also?: InTransaction): Promise<PatientRow> {
  const at = now.toISOString();
  // The schema made every required field present; spelled out so a missing one is a type error.
  const cols: Insertable<PatientsTable> = {
    ...columnsOf(input),
    nik: input.nik,
    full_name: input.fullName,
    name_search: foldForSearch(input.fullName),
    sex: input.sex,
    birth_date: input.birthDate,
    payer: input.payer,
    mrn: null,
    created_by: createdBy,
    created_at: at,
    updated_at: at,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('patients')
        .values(cols)
        .returning('id')
        .executeTakeFirstOrThrow();
      // The MRN derives from the id, which exists only after the insert.
      await trx.updateTable('patients').set({ mrn: formatMrn(id) }).where('id', '=', id).execute();
      await writeTokens(trx, id, input.fullName, false);
      if (also) await also(trx, id);
      return trx.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  } catch (err) {
    if (isUniqueViolation(err, 'nik')) throw nikTaken(await findMrnByNik(db, input.nik));
    throw err;
  }
}

/**
 * Writes the given fields of patient `id` (only those: a concurrent edit of other
 * fields is not overwritten with stale values). Returns undefined when the patient
 * is gone. Throws PATIENT_NIK_TAKEN when the new NIK belongs to someone else.
 */
export async function updatePatient(db: PatientsDb, id: number, input: Partial<PatientInput>, now = new Date(), also?: InTransaction): Promise<PatientRow | undefined> {
  const cols = columnsOf(input);
  try {
    return await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('patients')
        .set({ ...cols, updated_at: now.toISOString() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return undefined;
      if (input.fullName !== undefined) await writeTokens(trx, id, input.fullName, true);
      if (also) await also(trx, id);
      return trx.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  } catch (err) {
    if (isUniqueViolation(err, 'nik') && input.nik) throw nikTaken(await findMrnByNik(db, input.nik));
    throw err;
  }
}

export async function recentPatients(db: PatientsDb, limit: number): Promise<PatientRow[]> {
  return db.selectFrom('patients').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function patientSummaries(db: PatientsDb, ids: number[]): Promise<PatientSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('patients')
    .select(['id', 'mrn', 'full_name', 'sex', 'birth_date', 'payer'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Callers get summaries in the order they asked for, once each; unknown ids are omitted.
  return [...new Set(ids)].flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, mrn: r.mrn ?? formatMrn(r.id), fullName: r.full_name, sex: r.sex, birthDate: r.birth_date, payer: r.payer }] : [];
  });
}

export async function countPatients(db: PatientsDb): Promise<number> {
  const row = await db.selectFrom('patients').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  // Postgres returns count(*) as a bigint string; SQLite as a number.
  return Number(row.count);
}

export async function isEmpty(db: PatientsDb): Promise<boolean> {
  const row = await db.selectFrom('patients').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
