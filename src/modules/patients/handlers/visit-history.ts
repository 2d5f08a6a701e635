// The patient page's "visit history": the records module owns encounters, so
// the page asks it (records.getVisitHistory) and the staff module for the
// doctors' names. Both are decoration around the demographics: when either is
// down the page still renders, with the gap marked (architecture rule 4).
import type { HandlerContext } from '../../../kernel/index.js';

/** How many visits the page shows (newest first). */
export const VISIT_HISTORY_LIMIT = 20;

/** One row of records.getVisitHistory (docs/clinic.md). */
export interface VisitFromRecords {
  encounterId: number;
  arrivedAt: string;
  finishedAt: string | null;
  status: string;
  poliName: string;
  doctorId: number | null;
  /** Only for callers holding records:clinical. */
  primaryDiagnosis?: { code: string; display: string } | null;
}

export interface VisitRow extends VisitFromRecords {
  /** The doctor's name, or "staf #id" when the staff module could not say. */
  doctorName: string | null;
  doctorResolved: boolean;
}

export interface VisitHistory {
  /** False when records did not answer: the view shows the "temporarily unavailable" note. */
  available: boolean;
  items: VisitRow[];
}

function warn(ctx: HandlerContext, callee: string, err: unknown): void {
  // The error code only: a message could carry another module's data.
  ctx.log.warn({ code: (err as { code?: unknown })?.code, callee }, 'callee failed; the page degrades');
}

function isVisit(v: unknown): v is VisitFromRecords {
  const r = v as Partial<VisitFromRecords> | null;
  return !!r && typeof r === 'object' && Number.isSafeInteger(r.encounterId) && typeof r.arrivedAt === 'string';
}

/** The patient's newest visits, or `available: false` when records is down (never throws). */
export async function loadVisits(ctx: HandlerContext, patientId: number): Promise<{ available: boolean; visits: VisitFromRecords[] }> {
  try {
    const result = await ctx.call<unknown>('records', 'getVisitHistory', { patientId, limit: VISIT_HISTORY_LIMIT });
    if (!Array.isArray(result)) throw Object.assign(new Error('unexpected reply'), { code: 'BAD_REPLY' });
    return { available: true, visits: result.filter(isVisit).slice(0, VISIT_HISTORY_LIMIT) };
  } catch (err) {
    warn(ctx, 'records.getVisitHistory', err);
    return { available: false, visits: [] };
  }
}

/**
 * Staff names for the given ids in one call: `names` holds those found, `down`
 * says the staff module did not answer at all (a different note from "no such
 * account").
 */
export async function staffNames(ctx: HandlerContext, ids: number[]): Promise<{ names: Map<number, string>; down: boolean }> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
  if (wanted.length === 0) return { names: new Map(), down: false };
  try {
    const users = await ctx.call<Array<{ id: number; fullName: string }>>('staff', 'getUserSummaries', { ids: wanted });
    return { names: new Map((Array.isArray(users) ? users : []).map((u) => [u.id, u.fullName])), down: false };
  } catch (err) {
    warn(ctx, 'staff.getUserSummaries', err);
    return { names: new Map(), down: true };
  }
}

/** Visits with their doctors' names, "staf #id" where the name is unknown. */
export function withDoctorNames(ctx: HandlerContext, visits: VisitFromRecords[], names: Map<number, string>): VisitRow[] {
  return visits.map((v) => {
    if (v.doctorId === null || v.doctorId === undefined) return { ...v, doctorName: null, doctorResolved: true };
    const name = names.get(v.doctorId);
    return { ...v, doctorName: name ?? ctx.t('patients.registeredBy.staff', { id: v.doctorId }), doctorResolved: name !== undefined };
  });
}
