// zod schemas for the records API (validation at the edge, and the OpenAPI
// document). Messages are catalog keys (messages.ts). Ranges reject values no
// living outpatient can have (a typo such as pulse 0 or SpO2 990), not merely
// abnormal ones: abnormal values are exactly what NEWS2 must see.
import { z } from 'zod';
import { CODE_SYSTEMS, findCode } from './codes/lookup.js';
import { CONSCIOUSNESS, NEWS2_RISKS } from './news2.js';

export const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const ENCOUNTER_STATUSES = ['arrived', 'in-progress', 'finished', 'cancelled'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];
export const MAX_STATE_IDS = 200;

const num = (key: string, min: number, max: number) =>
  z.number({ error: (iss) => (iss.input === undefined || iss.input === null ? 'validation.required' : 'records.error.number') }).min(min, key).max(max, key);
const whole = (key: string, min: number, max: number) => num(key, min, max).int('records.error.whole');

/** C0 control characters other than tab and line breaks: never typed, and Postgres refuses NUL in text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const text = (max: number, requiredKey = 'validation.required') =>
  z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? requiredKey : 'records.error.notText') })
    .trim()
    .max(max, 'validation.tooLong')
    .refine((s) => !CONTROL.test(s), 'records.error.controlChars');

export const vitalsSchema = z
  .object({
    systolic: whole('records.error.systolic.range', 50, 300),
    diastolic: whole('records.error.diastolic.range', 20, 200),
    pulse: whole('records.error.pulse.range', 20, 300),
    respRate: whole('records.error.respRate.range', 3, 80),
    temperature: num('records.error.temperature.range', 30, 45),
    spo2: whole('records.error.spo2.range', 50, 100),
    onOxygen: z.boolean({ error: 'records.error.onOxygen' }),
    consciousness: z.enum(CONSCIOUSNESS, { error: 'records.error.consciousness' }),
    weightKg: num('records.error.weight.range', 0.5, 400).nullable().optional(),
    heightCm: num('records.error.height.range', 20, 250).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (typeof v.systolic === 'number' && typeof v.diastolic === 'number' && v.diastolic >= v.systolic) {
      ctx.addIssue({ code: 'custom', path: ['diastolic'], message: 'records.error.diastolic.belowSystolic' });
    }
  });
export type VitalsInput = z.infer<typeof vitalsSchema>;

export const triageSchema = z.object({
  chiefComplaint: text(500, 'records.error.chiefComplaint.required').min(1, 'records.error.chiefComplaint.required'),
});

export const allergySchema = z.object({
  substance: text(100, 'records.error.substance.required').min(1, 'records.error.substance.required'),
  reaction: text(200).nullable().optional(),
  severity: z.enum(SEVERITIES, { error: 'records.error.severity' }),
});
export type AllergyInput = z.infer<typeof allergySchema>;

export const soapSchema = z
  .object({
    subjective: text(4000).optional(),
    objective: text(4000).optional(),
    assessment: text(4000).optional(),
    plan: text(4000).optional(),
  })
  .superRefine((v, ctx) => {
    if (![v.subjective, v.objective, v.assessment, v.plan].some((s) => typeof s === 'string' && s.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['subjective'], message: 'records.error.soap.empty' });
    }
  });
export type SoapInput = z.infer<typeof soapSchema>;

const codeOf = (system: 'icd10' | 'icd9cm' | 'drug', requiredKey: string) =>
  text(20, requiredKey)
    .min(1, requiredKey)
    .refine((c) => findCode(system, c) !== undefined, 'records.error.code.unknown');

export const diagnosisSchema = z.object({
  code: codeOf('icd10', 'records.error.code.required'),
  primary: z.boolean({ error: 'records.error.primary' }).default(false),
});

export const procedureSchema = z.object({ code: codeOf('icd9cm', 'records.error.code.required') });

export const prescriptionSchema = z.object({
  drugCode: codeOf('drug', 'records.error.drugCode.required'),
  dose: text(60, 'records.error.dose.required').min(1, 'records.error.dose.required'),
  frequency: text(60, 'records.error.frequency.required').min(1, 'records.error.frequency.required'),
  durationDays: whole('records.error.durationDays.range', 1, 365),
  quantity: whole('records.error.quantity.range', 1, 9999),
  instructions: text(300).nullable().optional(),
});
export type PrescriptionInput = z.infer<typeof prescriptionSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'records.error.date').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'records.error.date');

export const triageQuerySchema = z.object({ date: day.optional() });
export const codesQuerySchema = z.object({
  system: z.enum(CODE_SYSTEMS, { error: 'records.error.system' }).default('icd10'),
  q: z.string().trim().max(100, 'validation.tooLong').optional(),
});
export const historyQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });

// ---- contract arguments ----------------------------------------------------------

const pid = z.number().int().positive().max(2 ** 31 - 1);
export const openEncounterArgs = z.object({
  queueEntryId: pid,
  patientId: pid,
  poliId: pid,
  poliName: z.string().trim().min(1).max(100),
  doctorId: pid.nullable().optional(),
  queueNumber: z.string().trim().min(1).max(20),
});
export const encounterIdArgs = z.object({ encounterId: pid });
export const stateArgs = z.object({ ids: z.array(pid).max(MAX_STATE_IDS) });
export const historyArgs = z.object({ patientId: pid, limit: z.number().int().min(1).max(100).optional() });
export const dayArgs = z.object({ date: day });

// ---- responses (documentation) ----------------------------------------------------

const news2Json = z.object({
  score: z.number().int(),
  risk: z.enum(NEWS2_RISKS),
  parts: z.record(z.string(), z.number().int()).optional(),
});
export const vitalsJsonSchema = z.object({
  id: z.number().int(),
  encounterId: z.number().int(),
  systolic: z.number().int(),
  diastolic: z.number().int(),
  pulse: z.number().int(),
  respRate: z.number().int(),
  temperature: z.number(),
  spo2: z.number().int(),
  onOxygen: z.boolean(),
  consciousness: z.enum(CONSCIOUSNESS),
  weightKg: z.number().nullable(),
  heightCm: z.number().nullable(),
  news2: news2Json,
  recordedBy: z.number().int().nullable(),
  recordedAt: z.string(),
});
export const encounterJsonSchema = z.object({
  id: z.number().int(),
  queueEntryId: z.number().int(),
  patientId: z.number().int(),
  patient: z.object({ id: z.number(), mrn: z.string(), fullName: z.string(), sex: z.string(), birthDate: z.string() }).nullable(),
  patientUnavailable: z.boolean(),
  poliId: z.number().int(),
  poliName: z.string(),
  doctorId: z.number().int().nullable(),
  queueNumber: z.string(),
  status: z.enum(ENCOUNTER_STATUSES),
  statusHistory: z.array(z.object({ status: z.enum(ENCOUNTER_STATUSES), at: z.string() })),
  chiefComplaint: z.string().nullable(),
  vitals: z.array(vitalsJsonSchema),
  news2: news2Json.nullable(),
  allergies: z.array(z.object({ id: z.number(), substance: z.string(), reaction: z.string().nullable(), severity: z.enum(SEVERITIES) })),
  soap: z.object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string(), updatedAt: z.string() }).nullable().optional(),
  diagnoses: z.array(z.object({ id: z.number(), code: z.string(), display: z.string(), primary: z.boolean() })).optional(),
  procedures: z.array(z.object({ id: z.number(), code: z.string(), display: z.string() })).optional(),
  prescriptions: z.array(z.object({ id: z.number(), drugCode: z.string(), drugName: z.string(), strength: z.string(), dose: z.string(), frequency: z.string(), durationDays: z.number(), quantity: z.number(), instructions: z.string().nullable() })).optional(),
});

/** Route params arrive as strings; anything but a positive safe integer reads as "not found". */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2 ** 31 - 1 ? id : null;
}
