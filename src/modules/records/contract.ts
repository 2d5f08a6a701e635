// What other modules may call() on records (docs/clinic.md), and nothing else.
// Arguments cross a thread or process boundary: validated like a request body.
// Clinical data goes only to callers acting for a user with the permission
// docs/clinic.md names.
import { BilikError, KernelErrors, auditEntriesContract, localDayBounds, validate, writeAudit } from '../../kernel/index.js';
import type { ContractFn, HandlerContext } from '../../kernel/index.js';
import { encounterNotFound } from './errors.js';
import { findEncounter, latestVitals, visitHistory } from './repo.js';
import type { HistoryItem, RecordsDb } from './repo.js';
import { dayArgs, encounterIdArgs, historyArgs, openEncounterArgs, stateArgs } from './schemas.js';
import { cancelEncounter as cancel, openEncounter as open } from './writes.js';

const db = (ctx: HandlerContext) => ctx.db as RecordsDb;

function requireAny(ctx: HandlerContext, ...perms: string[]): void {
  const held = ctx.user?.permissions ?? [];
  if (!perms.some((p) => held.includes(p))) throw new BilikError(KernelErrors.FORBIDDEN);
}

/** Front desk adds a patient to the queue → the encounter exists from that moment. */
export async function openEncounter(args: unknown, ctx: HandlerContext) {
  requireAny(ctx, 'queue:write');
  const a = validate(openEncounterArgs, args);
  return open(db(ctx), ctx, a);
}

/** A queue entry cancelled before the consultation: only an `arrived` encounter. */
export async function cancelEncounter(args: unknown, ctx: HandlerContext) {
  requireAny(ctx, 'queue:write');
  const { encounterId } = validate(encounterIdArgs, args);
  const row = await cancel(db(ctx), ctx, encounterId);
  return { status: 'cancelled' as const, encounterId: Number(row.id) };
}

/** Status and latest NEWS2 per encounter, for the queue board (no notes, no diagnoses). */
export async function getEncounterStates(args: unknown, ctx: HandlerContext) {
  const { ids } = validate(stateArgs, args);
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows = await db(ctx).selectFrom('encounters').select(['id', 'status']).where('id', 'in', unique).execute();
  const vitals = await latestVitals(db(ctx), unique);
  const byId = new Map(rows.map((r) => [Number(r.id), r.status]));
  return unique.flatMap((id) => {
    const status = byId.get(id);
    if (!status) return [];
    const v = vitals.get(id);
    return [{ id, status, news2: v ? { score: v.news2.score, risk: v.news2.risk } : null, vitalsAt: v?.recordedAt ?? null }];
  });
}

/** Newest first; the primary diagnosis only for a caller holding records:clinical. */
export async function getVisitHistory(args: unknown, ctx: HandlerContext): Promise<HistoryItem[]> {
  const { patientId, limit } = validate(historyArgs, args);
  const clinical = !!ctx.user?.permissions.includes('records:clinical');
  const items = await visitHistory(db(ctx), patientId, limit ?? 20, clinical);
  // Diagnoses are clinical data: reading them for one patient is audited.
  if (clinical && items.length) await writeAudit(db(ctx), ctx, { action: 'read', entity: 'visit-history', patientId });
  return clinical ? items : items.map(({ primaryDiagnosis: _dx, ...rest }) => rest);
}

/** What billing charges for: procedures and dispensed drugs, no notes, no diagnoses. */
export async function getBillableVisit(args: unknown, ctx: HandlerContext) {
  requireAny(ctx, 'billing:write', 'billing:read');
  const { encounterId } = validate(encounterIdArgs, args);
  const row = await findEncounter(db(ctx), encounterId);
  if (!row) throw encounterNotFound();
  const [px, rx] = await Promise.all([
    db(ctx).selectFrom('procedures').select(['code', 'display']).where('encounter_id', '=', encounterId).orderBy('id').execute(),
    db(ctx).selectFrom('prescriptions').select(['drug_code', 'drug_name', 'quantity']).where('encounter_id', '=', encounterId).orderBy('id').execute(),
  ]);
  return {
    encounterId,
    patientId: Number(row.patient_id),
    poliId: Number(row.poli_id),
    status: row.status,
    finishedAt: row.finished_at,
    procedures: px.map((p) => ({ code: p.code, display: p.display })),
    prescriptions: rx.map((p) => ({ drugCode: p.drug_code, drugName: p.drug_name, quantity: Number(p.quantity) })),
  };
}

/** Encounters finished on a clinic-local day (the cashier's "to invoice" list). */
export async function listFinishedEncounters(args: unknown, ctx: HandlerContext) {
  requireAny(ctx, 'billing:read');
  const { date } = validate(dayArgs, args);
  const { start, end } = localDayBounds(date, ctx.timeZone);
  const rows = await db(ctx)
    .selectFrom('encounters')
    .selectAll()
    .where('status', '=', 'finished')
    .where('finished_at', '>=', start.toISOString())
    .where('finished_at', '<', end.toISOString())
    .orderBy('finished_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ encounterId: Number(r.id), patientId: Number(r.patient_id), poliId: Number(r.poli_id), poliName: r.poli_name, doctorId: r.doctor_id === null ? null : Number(r.doctor_id), finishedAt: r.finished_at }));
}

export const contract = {
  openEncounter,
  cancelEncounter,
  getEncounterStates,
  getVisitHistory,
  getBillableVisit,
  listFinishedEncounters,
  auditEntries: auditEntriesContract,
} satisfies Record<string, ContractFn>;

export const CONTRACT_NAMES = Object.keys(contract);
