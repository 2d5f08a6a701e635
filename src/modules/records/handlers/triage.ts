// The nurse's triage list: one clinic-local day's encounters, waiting-for-vitals
// first, with the latest NEWS2. JSON (GET /api/v1/records/triage), the page,
// the auto-refreshing list fragment and the dashboard panel share one query.
import { localDayBounds, validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { encountersArrivedBetween, latestVitals, toEncounterHead } from '../repo.js';
import { triageQuerySchema } from '../schemas.js';
import { patientSummaries, recordsDb, today } from './common.js';
import type { PatientSummary } from './common.js';

export interface TriageItem {
  encounterId: number;
  patientId: number;
  patient: PatientSummary | null;
  queueNumber: string;
  poliName: string;
  status: string;
  arrivedAt: string;
  chiefComplaint: string | null;
  waitingForVitals: boolean;
  vitalsAt: string | null;
  news2: { score: number; risk: string } | null;
}

/** Waiting for vitals (arrived, none recorded) first; then the rest in arrival order; cancelled last. */
function rank(i: TriageItem): number {
  if (i.status === 'cancelled') return 2;
  return i.waitingForVitals ? 0 : 1;
}

export async function triageData(ctx: HandlerContext, date: string, withPatients: boolean) {
  const { start, end } = localDayBounds(date, ctx.timeZone);
  const rows = await encountersArrivedBetween(recordsDb(ctx), start.toISOString(), end.toISOString());
  const vitals = await latestVitals(recordsDb(ctx), rows.map((r) => Number(r.id)));
  const people = withPatients ? await patientSummaries(ctx, rows.map((r) => Number(r.patient_id))) : { byId: new Map<number, PatientSummary>(), unavailable: false };
  const items: TriageItem[] = rows.map((r) => {
    const e = toEncounterHead(r);
    const v = vitals.get(e.id);
    return {
      encounterId: e.id,
      patientId: e.patientId,
      patient: people.byId.get(e.patientId) ?? null,
      queueNumber: e.queueNumber,
      poliName: e.poliName,
      status: e.status,
      arrivedAt: e.arrivedAt,
      chiefComplaint: e.chiefComplaint,
      waitingForVitals: !v && e.status === 'arrived',
      vitalsAt: v?.recordedAt ?? null,
      news2: v ? { score: v.news2.score, risk: v.news2.risk } : null,
    };
  });
  // Array.prototype.sort is stable: arrival order is kept inside each group.
  items.sort((a, b) => rank(a) - rank(b));
  return { date, items, waiting: items.filter((i) => i.waitingForVitals).length, patientsUnavailable: people.unavailable };
}

function dateOf(input: RequestInput, ctx: HandlerContext): string {
  return validate(triageQuerySchema, input.query).date ?? today(ctx);
}

export async function triageList(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await triageData(ctx, dateOf(input, ctx), true) };
}

export async function triagePage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const date = dateOf(input, ctx);
  return { data: { ...(await triageData(ctx, date, true)), isToday: date === today(ctx) } };
}

/** Dashboard panel: how many are waiting for vitals today (no names needed). */
export async function waitingPanel(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const d = await triageData(ctx, today(ctx), false);
  return { data: { waiting: d.waiting, total: d.items.filter((i) => i.status !== 'cancelled').length } };
}
