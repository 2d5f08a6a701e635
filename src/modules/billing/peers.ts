// Billing's calls into other modules, each with its degraded answer (rule 4:
// a callee that is down never takes a billing page with it). Logs carry the
// error code and callee only, never patient data.
import { z } from 'zod';
import { BilikError } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { BillingErrors } from './errors.js';
import type { BillableVisit } from './lines.js';
import { billableVisitSchema } from './schemas.js';
import type { Payer } from './totals.js';

function codeOf(err: unknown): unknown {
  return (err as { code?: unknown })?.code;
}

function statusOf(err: unknown): number | undefined {
  return err instanceof BilikError ? err.status : undefined;
}

export interface PatientLabel {
  id: number;
  mrn: string | null;
  fullName: string | null;
  payer: Payer | null;
}

/** Names and MRNs for rows; `available` false when patients did not answer (the view shows ids). */
export async function patientLabels(ctx: HandlerContext, ids: number[]): Promise<{ available: boolean; byId: Map<number, PatientLabel> }> {
  const unique = [...new Set(ids)];
  const byId = new Map<number, PatientLabel>(unique.map((id) => [id, { id, mrn: null, fullName: null, payer: null }]));
  if (unique.length === 0) return { available: true, byId };
  try {
    for (let i = 0; i < unique.length; i += 100) {
      const list = await ctx.call<Array<{ id: number; mrn: string; fullName: string; payer?: Payer }>>('patients', 'getPatientSummaries', { ids: unique.slice(i, i + 100) });
      for (const p of Array.isArray(list) ? list : []) byId.set(p.id, { id: p.id, mrn: p.mrn ?? null, fullName: p.fullName ?? null, payer: p.payer ?? null });
    }
    return { available: true, byId };
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'patients.getPatientSummaries' }, 'patient lookup failed; showing ids');
    return { available: false, byId };
  }
}

/** The payer decides who pays; without it no invoice is made (503), rather than guessing. */
export async function payerOf(ctx: HandlerContext, patientId: number): Promise<Payer> {
  let list: Array<{ id: number; payer?: Payer }>;
  try {
    list = await ctx.call('patients', 'getPatientSummaries', { ids: [patientId] });
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'patients.getPatientSummaries' }, 'payer lookup failed');
    throw new BilikError(BillingErrors.PATIENTS_UNAVAILABLE, { retryAfterSec: 5 });
  }
  const p = Array.isArray(list) ? list.find((x) => x.id === patientId) : undefined;
  if (p?.payer === 'bpjs' || p?.payer === 'insurance' || p?.payer === 'general') return p.payer;
  // A visit's patient missing from the register is an inconsistency to look at, not a reason to block the cashier.
  ctx.log.warn({ patientId }, 'patient or payer not found; billing as general');
  return 'general';
}

export interface StaffName {
  name: string;
  resolved: boolean;
}

/** Display names for staff ids; "staf #id" when staff is down or the id is unknown. */
export async function staffNames(ctx: HandlerContext, ids: Array<number | null>): Promise<{ available: boolean; name(id: number | null): StaffName }> {
  const unique = [...new Set(ids.filter((i): i is number => typeof i === 'number'))];
  const found = new Map<number, string>();
  let available = true;
  if (unique.length) {
    try {
      const list = await ctx.call<Array<{ id: number; fullName: string }>>('staff', 'getUserSummaries', { ids: unique.slice(0, 100) });
      for (const u of Array.isArray(list) ? list : []) found.set(u.id, u.fullName);
    } catch (err) {
      available = false;
      ctx.log.warn({ code: codeOf(err), callee: 'staff.getUserSummaries' }, 'staff lookup failed; showing ids');
    }
  }
  return {
    available,
    name: (id) => {
      if (id === null) return { name: ctx.t('billing.staff.system'), resolved: true };
      const n = found.get(id);
      return n ? { name: n, resolved: true } : { name: ctx.t('billing.staff.id', { id }), resolved: false };
    },
  };
}

export interface Poli {
  id: number;
  code: string;
  name: string;
}

/** All polis, or null when appointments does not answer. */
export async function listPolis(ctx: HandlerContext): Promise<Poli[] | null> {
  try {
    const list = await ctx.call<Array<{ id: number; code: string; name: string }>>('appointments', 'listPolis', {});
    return (Array.isArray(list) ? list : []).filter((p) => Number.isSafeInteger(p?.id) && typeof p.code === 'string').map((p) => ({ id: p.id, code: p.code, name: String(p.name ?? '') }));
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'appointments.listPolis' }, 'poli list unavailable');
    return null;
  }
}

/**
 * The visit's billable items. Unknown visit → 404 (records answered 404 or
 * refused the id as invalid); anything else that goes wrong means records is
 * unavailable → 503 with a message saying existing invoices still work.
 */
export async function billableVisit(ctx: HandlerContext, encounterId: number): Promise<BillableVisit> {
  let raw: unknown;
  try {
    raw = await ctx.call('records', 'getBillableVisit', { encounterId });
  } catch (err) {
    const status = statusOf(err);
    if (status === 404 || status === 422) throw new BilikError(BillingErrors.VISIT_NOT_FOUND);
    ctx.log.warn({ code: codeOf(err), callee: 'records.getBillableVisit' }, 'records unavailable; cannot invoice');
    throw new BilikError(BillingErrors.RECORDS_UNAVAILABLE, { retryAfterSec: 5 });
  }
  if (raw === null || raw === undefined) throw new BilikError(BillingErrors.VISIT_NOT_FOUND);
  const parsed = billableVisitSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.log.warn({ callee: 'records.getBillableVisit' }, 'records answered an unexpected shape');
    throw new BilikError(BillingErrors.RECORDS_UNAVAILABLE, { retryAfterSec: 5 });
  }
  return parsed.data;
}

const finishedSchema = z.array(
  z.object({
    encounterId: z.number().int(),
    patientId: z.number().int(),
    poliId: z.number().int().nullable().optional(),
    poliName: z.string().nullable().optional(),
    doctorId: z.number().int().nullable().optional(),
    finishedAt: z.string().nullable().optional(),
  }),
);
export type FinishedEncounter = z.infer<typeof finishedSchema>[number];

/** Visits finished on a clinic-local day, or null when records does not answer. */
export async function finishedEncounters(ctx: HandlerContext, date: string): Promise<FinishedEncounter[] | null> {
  try {
    const raw = await ctx.call('records', 'listFinishedEncounters', { date });
    const parsed = finishedSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    ctx.log.warn({ callee: 'records.listFinishedEncounters' }, 'records answered an unexpected shape');
    return null;
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'records.listFinishedEncounters' }, 'finished visits unavailable');
    return null;
  }
}
