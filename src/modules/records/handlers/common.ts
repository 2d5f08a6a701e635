// Helpers the records handlers share: typed db, ids from params, permission
// checks, patient summaries from the patients module (degrading when it is
// down), and turning an HTML form's strings into the API's typed body.
import { localDay } from '../../../kernel/index.js';
import type { HandlerContext, RequestInput } from '../../../kernel/index.js';
import { encounterNotFound } from '../errors.js';
import { loadEncounter } from '../repo.js';
import type { EncounterCore, RecordsDb } from '../repo.js';
import { parseId } from '../schemas.js';

export const recordsDb = (ctx: HandlerContext) => ctx.db as RecordsDb;

export const isClinical = (ctx: HandlerContext) => !!ctx.user?.permissions.includes('records:clinical');

/** `:name` route param as an id; malformed reads as unknown. */
export function idParam(input: RequestInput, name: string, notFound = encounterNotFound): number {
  const id = parseId(input.params[name]);
  if (id === null) throw notFound();
  return id;
}

export interface PatientSummary {
  id: number;
  mrn: string;
  fullName: string;
  sex: string;
  birthDate: string;
}

/**
 * Summaries by id from patients, or `unavailable` when the call fails (rule 4:
 * the page shows "pasien #id" and a note instead of failing). Ids only in the log.
 */
export async function patientSummaries(ctx: HandlerContext, ids: number[]): Promise<{ byId: Map<number, PatientSummary>; unavailable: boolean }> {
  const byId = new Map<number, PatientSummary>();
  const unique = [...new Set(ids)];
  try {
    for (let i = 0; i < unique.length; i += 100) {
      const got = await ctx.call<PatientSummary[]>('patients', 'getPatientSummaries', { ids: unique.slice(i, i + 100) });
      for (const p of Array.isArray(got) ? got : []) byId.set(p.id, { id: p.id, mrn: p.mrn, fullName: p.fullName, sex: p.sex, birthDate: p.birthDate });
    }
    return { byId, unavailable: false };
  } catch (err) {
    ctx.log.warn({ code: (err as { code?: unknown }).code, callee: 'patients.getPatientSummaries' }, 'patient lookup failed; showing ids');
    return { byId, unavailable: true };
  }
}

export type EncounterView = EncounterCore & { patient: PatientSummary | null; patientUnavailable: boolean };

/** One encounter with its patient header; clinical parts only for records:clinical. */
export async function encounterView(ctx: HandlerContext, id: number): Promise<EncounterView> {
  const core = await loadEncounter(recordsDb(ctx), id, isClinical(ctx));
  if (!core) throw encounterNotFound();
  const { byId, unavailable } = await patientSummaries(ctx, [core.patientId]);
  return { ...core, patient: byId.get(core.patientId) ?? null, patientUnavailable: unavailable };
}

/** Whole years on the clinic's calendar day. */
export function ageOn(birthDate: string, today: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return null;
  let age = Number(t[1]) - Number(b[1]);
  if (t[2]! + t[3]! < b[2]! + b[3]!) age--;
  return age;
}

export const today = (ctx: HandlerContext) => localDay(new Date(), ctx.timeZone);

/**
 * An HTML form posts strings. Numbers become numbers (a comma decimal, as typed
 * in Indonesia, too), checkboxes booleans, '' absent; anything else stays a
 * string so the schema reports it in the field's own words.
 */
export function fromForm(body: unknown, numbers: readonly string[] = [], booleans: readonly string[] = []): Record<string, unknown> {
  const src = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (v === '' || booleans.includes(k)) continue;
    if (numbers.includes(k) && typeof v === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(v)) out[k] = Number(v.trim().replace(',', '.'));
    else out[k] = v;
  }
  for (const k of booleans) {
    const v = src[k];
    out[k] = v === 'on' || v === 'true' || v === '1' || v === true;
  }
  return out;
}
