// One invoice: JSON, the cashier's page (with the payment and cancel forms)
// and the printable receipt. Opening an invoice shows one patient's visit, so
// each read is written to the audit log.
import { writeAudit } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { invoiceNotFound } from '../errors.js';
import { getInvoice as readInvoice, type InvoiceJson } from '../invoices-repo.js';
import { patientLabels, staffNames, type PatientLabel, type StaffName } from '../peers.js';
import { cachedPoli } from '../tariffs-repo.js';
import { billingDb, idParam } from './common.js';

export async function loadForRead(input: RequestInput, ctx: HandlerContext): Promise<InvoiceJson> {
  const db = billingDb(ctx);
  const invoice = await readInvoice(db, idParam(input, invoiceNotFound));
  if (!invoice) throw invoiceNotFound();
  await writeAudit(db, ctx, { action: 'read', entity: 'invoice', patientId: invoice.patientId, encounterId: invoice.encounterId });
  return invoice;
}

export async function getInvoice(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await loadForRead(input, ctx) };
}

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  formError?: string;
}

export interface InvoiceView extends InvoiceJson {
  patient: PatientLabel;
  patientsAvailable: boolean;
  poliName: string | null;
  createdByName: StaffName;
  cancelledByName: StaffName | null;
  payments: Array<InvoiceJson['payments'][number] & { cashier: StaffName }>;
  missingTariffs: number;
}

/** The invoice with names resolved (patients, staff) as far as those modules answer. */
export async function invoiceView(invoice: InvoiceJson, ctx: HandlerContext, cancelledBy: number | null = null): Promise<InvoiceView> {
  const [patients, staff, poli] = await Promise.all([
    patientLabels(ctx, [invoice.patientId]),
    staffNames(ctx, [invoice.createdBy, cancelledBy, ...invoice.payments.map((p) => p.cashierId)]),
    invoice.poliId === null ? Promise.resolve(undefined) : cachedPoli(billingDb(ctx), invoice.poliId),
  ]);
  return {
    ...invoice,
    patient: patients.byId.get(invoice.patientId) ?? { id: invoice.patientId, mrn: null, fullName: null, payer: null },
    patientsAvailable: patients.available,
    poliName: poli?.name ?? null,
    createdByName: staff.name(invoice.createdBy),
    cancelledByName: invoice.status === 'cancelled' ? staff.name(cancelledBy) : null,
    payments: invoice.payments.map((p) => ({ ...p, cashier: staff.name(p.cashierId) })),
    missingTariffs: invoice.lines.filter((l) => l.tariffMissing).length,
  };
}

async function cancelledByOf(ctx: HandlerContext, id: number): Promise<number | null> {
  const row = await billingDb(ctx).selectFrom('invoices').select('cancelled_by').where('id', '=', id).executeTakeFirst();
  return row?.cancelled_by === null || row?.cancelled_by === undefined ? null : Number(row.cancelled_by);
}

/** The invoice page's data; `payment`/`cancel` carry a form re-rendered after an error. */
export async function invoicePageData(invoice: InvoiceJson, ctx: HandlerContext, state: { payment?: FormState; cancel?: FormState; saved?: string } = {}) {
  const view = await invoiceView(invoice, ctx, invoice.status === 'cancelled' ? await cancelledByOf(ctx, invoice.id) : null);
  return {
    invoice: view,
    payment: state.payment ?? { values: { amount: String(invoice.balance), method: 'cash' }, errors: {} },
    cancel: state.cancel ?? { values: {}, errors: {} },
    saved: state.saved ?? null,
  };
}

export async function invoicePage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const invoice = await loadForRead(input, ctx);
  const saved = typeof input.query['saved'] === 'string' && ['payment', 'cancel'].includes(input.query['saved']) ? input.query['saved'] : undefined;
  return { data: await invoicePageData(invoice, ctx, saved ? { saved } : {}), title: ctx.t('billing.title.invoiceNumber', { number: invoice.number }) };
}

export async function receiptPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const invoice = await loadForRead(input, ctx);
  return { data: { invoice: await invoiceView(invoice, ctx), clinicName: ctx.settings.clinicName, printedAt: new Date().toISOString() }, title: ctx.t('billing.title.receiptNumber', { number: invoice.number }) };
}
