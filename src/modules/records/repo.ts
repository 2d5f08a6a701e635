// Table types, row → JSON mapping and the read queries of the records module.
// Writes with their state checks live in writes.ts.
import type { Selectable } from 'kysely';
import { news2 } from './news2.js';
import type { Consciousness, News2Result } from './news2.js';
import type { EncounterStatus } from './schemas.js';
import type { PrescriptionsTable, RecordsDb, VitalsRow, EncounterRow } from './tables.js';

export type { EncounterRow, RecordsDatabase, RecordsDb, VitalsRow } from './tables.js';

// ---- JSON shapes ------------------------------------------------------------------

export interface VitalsJson {
  id: number;
  encounterId: number;
  systolic: number;
  diastolic: number;
  pulse: number;
  respRate: number;
  temperature: number;
  spo2: number;
  onOxygen: boolean;
  consciousness: Consciousness;
  weightKg: number | null;
  heightCm: number | null;
  news2: News2Result;
  recordedBy: number | null;
  recordedAt: string;
}

export interface AllergyJson {
  id: number;
  patientId: number;
  substance: string;
  reaction: string | null;
  severity: 'mild' | 'moderate' | 'severe';
  recordedAt: string;
}

export interface DiagnosisJson {
  id: number;
  code: string;
  display: string;
  primary: boolean;
}

export interface ProcedureJson {
  id: number;
  code: string;
  display: string;
}

export interface PrescriptionJson {
  id: number;
  drugCode: string;
  drugName: string;
  strength: string;
  dose: string;
  frequency: string;
  durationDays: number;
  quantity: number;
  instructions: string | null;
}

export interface SoapJson {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  updatedAt: string;
}

/** The encounter as records holds it (no patient summary: that comes from patients). */
export interface EncounterCore {
  id: number;
  queueEntryId: number;
  patientId: number;
  poliId: number;
  poliName: string;
  doctorId: number | null;
  queueNumber: string;
  status: EncounterStatus;
  arrivedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  statusHistory: Array<{ status: EncounterStatus; at: string }>;
  chiefComplaint: string | null;
  vitals: VitalsJson[];
  news2: News2Result | null;
  allergies: AllergyJson[];
  soap?: SoapJson | null;
  diagnoses?: DiagnosisJson[];
  procedures?: ProcedureJson[];
  prescriptions?: PrescriptionJson[];
}

const n = (v: unknown) => Number(v);
const nn = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toVitalsJson(r: VitalsRow): VitalsJson {
  const temperature = n(r.temperature) / 10;
  const obs = { respRate: n(r.resp_rate), spo2: n(r.spo2), onOxygen: n(r.on_oxygen) === 1, systolic: n(r.systolic), pulse: n(r.pulse), consciousness: r.consciousness, temperature };
  return {
    id: n(r.id),
    encounterId: n(r.encounter_id),
    systolic: obs.systolic,
    diastolic: n(r.diastolic),
    pulse: obs.pulse,
    respRate: obs.respRate,
    temperature,
    spo2: obs.spo2,
    onOxygen: obs.onOxygen,
    consciousness: r.consciousness,
    weightKg: r.weight_g === null ? null : n(r.weight_g) / 1000,
    heightCm: r.height_mm === null ? null : n(r.height_mm) / 10,
    // Parts are recomputed from the stored observations (pure, deterministic);
    // score and risk are the stored ones, as they were when recorded.
    news2: { ...news2(obs), score: n(r.news2_score), risk: r.news2_risk },
    recordedBy: nn(r.recorded_by),
    recordedAt: r.recorded_at,
  };
}

export function toEncounterHead(r: EncounterRow): Omit<EncounterCore, 'statusHistory' | 'vitals' | 'news2' | 'allergies'> {
  return {
    id: n(r.id),
    queueEntryId: n(r.queue_entry_id),
    patientId: n(r.patient_id),
    poliId: n(r.poli_id),
    poliName: r.poli_name,
    doctorId: nn(r.doctor_id),
    queueNumber: r.queue_number,
    status: r.status,
    arrivedAt: r.arrived_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    cancelledAt: r.cancelled_at,
    chiefComplaint: r.chief_complaint,
  };
}

export async function findEncounter(db: RecordsDb, id: number): Promise<EncounterRow | undefined> {
  return db.selectFrom('encounters').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAllergies(db: RecordsDb, patientId: number): Promise<AllergyJson[]> {
  const rows = await db.selectFrom('allergies').selectAll().where('patient_id', '=', patientId).orderBy('id').execute();
  return rows.map((r) => ({ id: n(r.id), patientId: n(r.patient_id), substance: r.substance, reaction: r.reaction, severity: r.severity, recordedAt: r.recorded_at }));
}

export async function patientKnown(db: RecordsDb, patientId: number): Promise<boolean> {
  const row = await db.selectFrom('encounters').select('id').where('patient_id', '=', patientId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Everything about one encounter; the clinical parts only when asked for. */
export async function loadEncounter(db: RecordsDb, id: number, clinical: boolean): Promise<EncounterCore | undefined> {
  const row = await findEncounter(db, id);
  if (!row) return undefined;
  const [history, vitalRows, allergies] = await Promise.all([
    db.selectFrom('encounter_status_history').select(['status', 'at']).where('encounter_id', '=', id).orderBy('id').execute(),
    db.selectFrom('vitals').selectAll().where('encounter_id', '=', id).orderBy('id', 'desc').execute(),
    listAllergies(db, n(row.patient_id)),
  ]);
  const vitals = vitalRows.map(toVitalsJson);
  const core: EncounterCore = {
    ...toEncounterHead(row),
    statusHistory: history.map((h) => ({ status: h.status, at: h.at })),
    vitals,
    news2: vitals[0]?.news2 ?? null,
    allergies,
  };
  if (!clinical) return core;
  const [soap, dx, px, rx] = await Promise.all([
    db.selectFrom('soap_notes').selectAll().where('encounter_id', '=', id).executeTakeFirst(),
    db.selectFrom('diagnoses').selectAll().where('encounter_id', '=', id).orderBy('is_primary', 'desc').orderBy('id').execute(),
    db.selectFrom('procedures').selectAll().where('encounter_id', '=', id).orderBy('id').execute(),
    db.selectFrom('prescriptions').selectAll().where('encounter_id', '=', id).orderBy('id').execute(),
  ]);
  core.soap = soap ? { subjective: soap.subjective, objective: soap.objective, assessment: soap.assessment, plan: soap.plan, updatedAt: soap.updated_at } : null;
  core.diagnoses = dx.map((d) => ({ id: n(d.id), code: d.code, display: d.display, primary: n(d.is_primary) === 1 }));
  core.procedures = px.map((p) => ({ id: n(p.id), code: p.code, display: p.display }));
  core.prescriptions = rx.map(toPrescriptionJson);
  return core;
}

export function toPrescriptionJson(p: Selectable<PrescriptionsTable>): PrescriptionJson {
  return {
    id: n(p.id),
    drugCode: p.drug_code,
    drugName: p.drug_name,
    strength: p.strength,
    dose: p.dose,
    frequency: p.frequency,
    durationDays: n(p.duration_days),
    quantity: n(p.quantity),
    instructions: p.instructions,
  };
}

/** The newest vitals of each of `ids` (one query; the lists are a day's encounters at most). */
export async function latestVitals(db: RecordsDb, ids: number[]): Promise<Map<number, VitalsJson>> {
  const out = new Map<number, VitalsJson>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('vitals').selectAll().where('encounter_id', 'in', ids).orderBy('id', 'desc').execute();
  for (const r of rows) if (!out.has(n(r.encounter_id))) out.set(n(r.encounter_id), toVitalsJson(r));
  return out;
}

export async function encountersArrivedBetween(db: RecordsDb, from: string, to: string): Promise<EncounterRow[]> {
  return db.selectFrom('encounters').selectAll().where('arrived_at', '>=', from).where('arrived_at', '<', to).orderBy('arrived_at').orderBy('id').execute();
}

export interface HistoryItem {
  encounterId: number;
  arrivedAt: string;
  finishedAt: string | null;
  status: EncounterStatus;
  poliName: string;
  doctorId: number | null;
  primaryDiagnosis?: { code: string; display: string } | null;
}

export async function visitHistory(db: RecordsDb, patientId: number, limit: number, clinical: boolean): Promise<HistoryItem[]> {
  const rows = await db.selectFrom('encounters').selectAll().where('patient_id', '=', patientId).orderBy('arrived_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  const primaries = new Map<number, { code: string; display: string }>();
  if (clinical && rows.length) {
    const dx = await db.selectFrom('diagnoses').select(['encounter_id', 'code', 'display']).where('encounter_id', 'in', rows.map((r) => n(r.id))).where('is_primary', '=', 1).execute();
    for (const d of dx) primaries.set(n(d.encounter_id), { code: d.code, display: d.display });
  }
  return rows.map((r) => ({
    encounterId: n(r.id),
    arrivedAt: r.arrived_at,
    finishedAt: r.finished_at,
    status: r.status,
    poliName: r.poli_name,
    doctorId: nn(r.doctor_id),
    ...(clinical && { primaryDiagnosis: primaries.get(n(r.id)) ?? null }),
  }));
}
