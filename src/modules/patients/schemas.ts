// zod schemas shared by the handlers (validation at the edge) and by the route
// docs (the kernel generates OpenAPI from them). No `.transform()` anywhere:
// normalisation uses `.overwrite()`, which keeps input and output types equal so
// the kernel can describe both request and response in JSON Schema.
import { z } from 'zod';
import { checkBirthDate, checkFullName, checkNikAgainst, normalizeName, normalizePhone, parseNik } from './identity.js';
import type { Sex } from './identity.js';

export const PAYERS = ['general', 'bpjs', 'insurance'] as const;
export const SEXES = ['M', 'F'] as const;
export const PAGE_SIZE = 20;
/** Deep pages cost an OFFSET scan; past this, a clerk should refine the search instead. */
export const MAX_PAGE = 250;
export const MAX_SUMMARY_IDS = 100;

/** A string field whose "missing" and "wrong type" messages name the field for the form. */
function text(label: string) {
  return z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? `${label} is required.` : `${label} must be text.`) });
}

const nik = text('NIK')
  // People copy NIKs from KTP cards with spaces, dots or dashes between groups.
  .overwrite((v) => v.replace(/[\s.-]/g, ''))
  .superRefine((v, ctx) => {
    const r = parseNik(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

const fullName = text('Full name')
  .overwrite(normalizeName)
  .superRefine((v, ctx) => {
    const msg = checkFullName(v);
    if (msg) ctx.addIssue({ code: 'custom', message: msg });
  });

const sex = z.enum(SEXES, { error: 'Choose male (M) or female (F).' });

const birthDate = text('Birth date').superRefine((v, ctx) => {
  const msg = checkBirthDate(v);
  if (msg) ctx.addIssue({ code: 'custom', message: msg });
});

const phone = text('Phone')
  .max(30, 'Phone must be at most 30 characters.')
  // Stored as E.164 so the same number is always the same string; an
  // unrecognisable input is left as typed so the refinement below reports it.
  .overwrite((v) => normalizePhone(v) ?? v)
  .refine((v) => /^\+62[1-9]\d{7,11}$/.test(v), 'Phone must be an Indonesian number: 08…, 62… or +62…, 10–14 digits.');

const address = text('Address').trim().max(300, 'Address must be at most 300 characters.');

const payer = z.enum(PAYERS, { error: 'Payer must be general, bpjs or insurance.' });

const bpjsNumber = text('BPJS number')
  .overwrite((v) => v.replace(/[\s.-]/g, ''))
  .regex(/^\d{13}$/, 'BPJS number must be exactly 13 digits.');

const insurerName = text('Insurer').trim().min(1, 'Insurer is required.').max(100, 'Insurer must be at most 100 characters.');

const policyNumber = text('Policy number')
  .trim()
  .min(1, 'Policy number is required.')
  .max(50, 'Policy number must be at most 50 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'Policy number may contain letters, digits, spaces, dots, slashes and dashes.');

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
    ctx.addIssue({ code: 'custom', path: ['bpjsNumber'], message: 'BPJS number is required when the payer is BPJS.' });
  }
  if (v.payer === 'insurance') {
    if (!v.insurerName) ctx.addIssue({ code: 'custom', path: ['insurerName'], message: 'Insurer is required when the payer is insurance.' });
    if (!v.policyNumber) ctx.addIssue({ code: 'custom', path: ['policyNumber'], message: 'Policy number is required when the payer is insurance.' });
  }
  const sexOk = v.sex === 'M' || v.sex === 'F';
  if (typeof v.nik === 'string' && parseNik(v.nik).ok && typeof v.birthDate === 'string' && !checkBirthDate(v.birthDate) && sexOk) {
    const msg = checkNikAgainst(v.nik, v.birthDate, v.sex as Sex);
    if (msg) ctx.addIssue({ code: 'custom', path: ['nik'], message: msg });
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
  q: z.string({ error: 'Search must be a single text value.' }).trim().max(100, 'Search must be at most 100 characters.').optional(),
  page: z.coerce
    .number({ error: 'Page must be a number.' })
    .int('Page must be a whole number.')
    .min(1, 'Page starts at 1.')
    .max(MAX_PAGE, `Page must be at most ${MAX_PAGE}; refine the search instead.`)
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
  ids: z.array(z.number().int().positive()).max(MAX_SUMMARY_IDS, `At most ${MAX_SUMMARY_IDS} ids per call.`),
});

export interface PatientSummary {
  id: number;
  mrn: string;
  fullName: string;
  sex: Sex;
  birthDate: string;
}

/** Route params arrive as strings; anything but a positive safe integer is simply "not found". */
export function parsePatientId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
