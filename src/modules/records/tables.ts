// The records module's tables as Kysely sees them (one database of its own;
// ids of other modules are plain integers). Booleans are 0/1, times ISO text.
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Consciousness, News2Risk } from './news2.js';
import type { EncounterStatus } from './schemas.js';

export interface EncountersTable {
  id: Generated<number>;
  queue_entry_id: number;
  patient_id: number;
  poli_id: number;
  poli_name: string;
  doctor_id: number | null;
  queue_number: string;
  status: EncounterStatus;
  arrived_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancelled_at: string | null;
  chief_complaint: string | null;
  created_by: number | null;
  updated_at: string;
}

export interface StatusHistoryTable {
  id: Generated<number>;
  encounter_id: number;
  status: EncounterStatus;
  at: string;
  user_id: number | null;
}

export interface VitalsTable {
  id: Generated<number>;
  encounter_id: number;
  patient_id: number;
  systolic: number;
  diastolic: number;
  pulse: number;
  resp_rate: number;
  temperature: number;
  spo2: number;
  on_oxygen: number;
  consciousness: Consciousness;
  weight_g: number | null;
  height_mm: number | null;
  news2_score: number;
  news2_risk: News2Risk;
  recorded_by: number | null;
  recorded_at: string;
}

export interface SoapTable {
  encounter_id: number;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  updated_by: number | null;
  updated_at: string;
}

export interface DiagnosesTable {
  id: Generated<number>;
  encounter_id: number;
  code: string;
  display: string;
  is_primary: number;
  created_by: number | null;
  created_at: string;
}

export interface ProceduresTable {
  id: Generated<number>;
  encounter_id: number;
  code: string;
  display: string;
  created_by: number | null;
  created_at: string;
}

export interface PrescriptionsTable {
  id: Generated<number>;
  encounter_id: number;
  drug_code: string;
  drug_name: string;
  strength: string;
  dose: string;
  frequency: string;
  duration_days: number;
  quantity: number;
  instructions: string | null;
  created_by: number | null;
  created_at: string;
}

export interface AllergiesTable {
  id: Generated<number>;
  patient_id: number;
  substance: string;
  substance_key: string;
  reaction: string | null;
  severity: 'mild' | 'moderate' | 'severe';
  recorded_by: number | null;
  recorded_at: string;
}

export interface RecordsDatabase {
  encounters: EncountersTable;
  encounter_status_history: StatusHistoryTable;
  vitals: VitalsTable;
  soap_notes: SoapTable;
  diagnoses: DiagnosesTable;
  procedures: ProceduresTable;
  prescriptions: PrescriptionsTable;
  allergies: AllergiesTable;
}

export type RecordsDb = Kysely<RecordsDatabase>;
export type EncounterRow = Selectable<EncountersTable>;
export type VitalsRow = Selectable<VitalsTable>;
