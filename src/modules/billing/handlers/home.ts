// GET /billing: the cashier's work list. Today's finished visits that have no
// invoice yet (from records, minus what billing already invoiced), and every
// invoice still waiting for money. When records is down the first list is
// replaced by a note; open invoices keep taking payments.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { invoicedEncounters, listInvoices } from '../invoices-repo.js';
import { finishedEncounters, patientLabels } from '../peers.js';
import { billingDb, today } from './common.js';

const OPEN_LIMIT = 100;

export async function cashierHome(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const db = billingDb(ctx);
  const date = today(ctx);
  const [finished, open] = await Promise.all([finishedEncounters(ctx, date), listInvoices(db, { status: ['unpaid', 'partial'], limit: OPEN_LIMIT })]);
  const invoiced = finished ? await invoicedEncounters(db, finished.map((f) => f.encounterId)) : new Set<number>();
  const awaiting = (finished ?? []).filter((f) => !invoiced.has(f.encounterId)).sort((a, b) => String(a.finishedAt ?? '').localeCompare(String(b.finishedAt ?? '')));
  const patients = await patientLabels(ctx, [...awaiting.map((a) => a.patientId), ...open.map((i) => i.patientId)]);
  return {
    data: {
      date,
      recordsAvailable: finished !== null,
      patientsAvailable: patients.available,
      awaiting: awaiting.map((a) => ({ ...a, patient: patients.byId.get(a.patientId)! })),
      open: open.map((i) => ({ ...i, patient: patients.byId.get(i.patientId)! })),
    },
  };
}
