// zod schemas shared by the handlers (validation at the edge) and by the route
// docs (the kernel generates OpenAPI from them). No `.transform()` anywhere:
// normalisation uses `.overwrite()`, which keeps input and output types equal so
// the kernel can describe both request and response in JSON Schema.
// Every message is a catalog key (messages.ts), shown in the caller's language;
// a custom issue may carry `params` for the key's {placeholders} (see validation.ts).
import { z } from 'zod';
import { checkBirthDate, checkFullName, checkNikAgainst, normalizeName, normalizePhone, parseNik } from './identity.js';
import type { Sex } from './identity.js';

export const PAYERS = ['general', 'bpjs', 'insurance'] as const;
export const SEXES = ['M', 'F'] as const;
export const PAGE_SIZE = 20;
/** Deep pages cost an OFFSET scan; past this, a clerk should refine the search instead. */
export const MAX_PAGE = 250;
export const MAX_SUMMARY_IDS = 100;

/** A string field with its own "missing" message (a key naming the field) and a shared "not text" one. */
function text(requiredKey = 'validation.required') {
  return z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? requiredKey : 'patients.error.notText') });
}

const nik = text('patients.error.nik.required')
  // People copy NIKs from KTP cards with spaces, dots or dashes between groups.
  .overwrite((v) => v.replace(/[\s.-]/g, ''))
  .superRefine((v, ctx) => {
    const r = parseNik(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

const fullName = text('patients.error.fullName.required')
  .overwrite(normalizeName)
  .superRefine((v, ctx) => {
    const msg = checkFullName(v);
    if (msg) ctx.addIssue({ code: 'custom', message: msg });
  });

const sex = z.enum(SEXES, { error: 'patients.error.sex.choice' });

const birthDate = text('patients.error.birthDate.required').superRefine((v, ctx) => {
  const msg = checkBirthDate(v);
  if (msg) ctx.addIssue({ code: 'custom', message: msg });
});

const phone = text()
  .max(30, 'patients.error.phone.tooLong')
  // Stored as E.164 so the same number is always the same string; an
  // unrecognisable input is left as typed so the refinement below reports it.
  .overwrite((v) => normalizePhone(v) ?? v)
  .refine((v) => /^\+62[1-9]\d{7,11}$/.test(v), 'patients.error.phone.invalid');

const address = text().trim().max(300, 'patients.error.address.tooLong');

const payer = z.enum(PAYERS, { error: 'patients.error.payer.choice' });

const bpjsNumber = text()
  .overwrite((v) => v.replace(/[\s.-]/g, ''))
  .regex(/^\d{13}$/, 'patients.error.bpjsNumber.digits');

const insurerName = text().trim().min(1, 'patients.error.insurerName.required').max(100, 'patients.error.insurerName.tooLong');

const policyNumber = text()
  .trim()
  .min(1, 'patients.error.policyNumber.required')
  .max(50, 'patients.error.policyNumber.tooLong')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'patients.error.policyNumber.chars');

/** Field-level rules only; `null` clears an optional field (JSON clients), absent leaves it unset. */
export const patientFields = z.object({
  nik,
  fullName,
  sex,
  birthDate,
  phone: phone.nullable().optional(),
  address: address.nullable().optional(),
  payer,
  bpjsNumber: bpjsNumber.nullable().optional(),
  insurerName: insurerName.nullable().optional(),
  policyNumber: policyNumber.nullable().optional(),
});

export type PatientInput = z.infer<typeof patientFields>;

/**
 * Rules that span fields: payer-dependent numbers and the NIK's date part. Each
 * check runs only when the fields it reads are individually valid, so a typo
 * gets one clear message instead of a cascade.
 */
function crossFieldRules(v: Partial<Record<keyof PatientInput, unknown>>, ctx: z.RefinementCtx): void {
  if (v.payer === 'bpjs' && !v.bpjsNumber) {
    ctx.addIssue({ code: 'custom', path: ['bpjsNumber'], message: 'patients.error.bpjsNumber.requiredForBpjs' });
  }
  if (v.payer === 'insurance') {
    if (!v.insurerName) ctx.addIssue({ code: 'custom', path: ['insurerName'], message: 'patients.error.insurerName.requiredForInsurance' });
    if (!v.policyNumber) ctx.addIssue({ code: 'custom', path: ['policyNumber'], message: 'patients.error.policyNumber.requiredForInsurance' });
  }
  const sexOk = v.sex === 'M' || v.sex === 'F';
  if (typeof v.nik === 'string' && parseNik(v.nik).ok && typeof v.birthDate === 'string' && !checkBirthDate(v.birthDate) && sexOk) {
    const r = checkNikAgainst(v.nik, v.birthDate, v.sex as Sex);
    if (r) ctx.addIssue({ code: 'custom', path: ['nik'], message: r.message, ...(r.params && { params: r.params }) });
  }
}

/** A whole patient: registration (API and form) and the edit form, which always sends every field. */
export const patientSchema = patientFields.superRefine(crossFieldRules);

/**
 * PATCH body: any subset of fields. The handler merges it over the stored record
 * and re-checks the result with `patientSchema`, because a changed birth date can
 * invalidate an unchanged NIK.
 */
export const patientPatchSchema = patientFields.partial();

export const searchQuerySchema = z.object({
  q: z.string({ error: 'patients.error.q.notText' }).trim().max(100, 'patients.error.q.tooLong').optional(),
  page: z.coerce
    .number({ error: 'patients.error.page.notNumber' })
    .int('patients.error.page.whole')
    .min(1, 'patients.error.page.min')
    // The catalog text states MAX_PAGE (messages.ts builds it from this constant).
    .max(MAX_PAGE, 'patients.error.page.max')
    .default(1),
});

export const patientJsonSchema = z.object({
  id: z.number().int(),
  mrn: z.string(),
  nik: z.string(),
  fullName: z.string(),
  sex: sex,
  birthDate: z.string(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  payer: payer,
  bpjsNumber: z.string().nullable(),
  insurerName: z.string().nullable(),
  policyNumber: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type PatientJson = z.infer<typeof patientJsonSchema>;

export const searchResultSchema = z.object({
  items: z.array(patientJsonSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
  /** True when a very broad multi-word search stopped at its scan cap; refine the query. */
  incomplete: z.boolean(),
  q: z.string(),
});

export const summariesArgsSchema = z.object({
  ids: z.array(z.number().int().positive()).max(MAX_SUMMARY_IDS, 'patients.error.ids.tooMany'),
});

export interface PatientSummary {
  id: number;
  mrn: string;
  fullName: string;
  sex: Sex;
  birthDate: string;
  /** Who pays for visits: billing zero-charges BPJS patients. */
  payer: 'general' | 'bpjs' | 'insurance';
}

/** Route params arrive as strings; anything but a positive safe integer is simply "not found". */
export function parsePatientId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
