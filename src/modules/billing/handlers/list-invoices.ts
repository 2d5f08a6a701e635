// GET /api/v1/billing/invoices?date=&status= and the invoices page: a day's
// invoices (clinic-local day, today by default), optionally one status.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listInvoices as readInvoices, type InvoiceSummary } from '../invoices-repo.js';
import { patientLabels } from '../peers.js';
import { invoiceListQuerySchema } from '../schemas.js';
import { billingDb, dayRange, today, validateBody } from './common.js';

const LIMIT = 500;

async function query(input: RequestInput, ctx: HandlerContext): Promise<{ date: string; status: InvoiceSummary['status'] | null; items: InvoiceSummary[] }> {
  const q = validateBody(invoiceListQuerySchema, { ...input, body: input.query, form: true });
  const date = q.date ?? today(ctx);
  const items = await readInvoices(billingDb(ctx), { ...dayRange(date, ctx), ...(q.status && { status: q.status }), limit: LIMIT });
  return { date, status: q.status ?? null, items };
}

export async function listInvoices(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { date, status, items } = await query(input, ctx);
  return { data: { date, status, items } };
}

export async function invoicesPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { date, status, items } = await query(input, ctx);
  const patients = await patientLabels(ctx, items.map((i) => i.patientId));
  return {
    data: {
      date,
      status,
      patientsAvailable: patients.available,
      items: items.map((i) => ({ ...i, patient: patients.byId.get(i.patientId)! })),
    },
  };
}
