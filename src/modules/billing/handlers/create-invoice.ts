// POST /api/v1/billing/invoices and the cashier's "make invoice" button:
// a finished visit becomes an invoice. Records gives the billable items,
// patients the payer, appointments the poli code; billing's own tariffs price
// them. Records or patients down → 503 (nothing stored); an unknown poli code
// only leaves the consultation unpriced, visibly.
import { BilikError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { BillingErrors } from '../errors.js';
import { invoiceExists, insertInvoice, liveInvoiceFor, type InvoiceJson } from '../invoices-repo.js';
import { buildLines, keysNeeded, type PoliRef } from '../lines.js';
import { billableVisit, listPolis, payerOf } from '../peers.js';
import { createInvoiceSchema } from '../schemas.js';
import { cachedPoli, tariffsByKeys } from '../tariffs-repo.js';
import { invoiceTotals } from '../totals.js';
import { billingDb, intField, shownError, today, validateBody } from './common.js';

async function resolvePoli(ctx: HandlerContext, poliId: number): Promise<PoliRef> {
  const polis = await listPolis(ctx);
  const p = polis?.find((x) => x.id === poliId);
  if (p) return { id: poliId, code: p.code, name: p.name };
  const cached = await cachedPoli(billingDb(ctx), poliId);
  return cached ? { id: poliId, code: cached.code, name: cached.name } : { id: poliId, code: null, name: null };
}

export async function makeInvoice(encounterId: number, ctx: HandlerContext): Promise<InvoiceJson> {
  const db = billingDb(ctx);
  // Cheap early answer; the partial unique index still decides a race.
  const live = await liveInvoiceFor(db, encounterId);
  if (live) throw invoiceExists(live.number);
  const visit = await billableVisit(ctx, encounterId);
  if (visit.status !== 'finished') throw new BilikError(BillingErrors.VISIT_NOT_FINISHED);
  const payer = await payerOf(ctx, visit.patientId);
  const poli = await resolvePoli(ctx, visit.poliId);
  const tariffs = await tariffsByKeys(db, keysNeeded(visit, poli));
  const lines = buildLines(visit, poli, tariffs);
  const invoice = await insertInvoice(db, ctx, {
    day: today(ctx),
    encounterId,
    patientId: visit.patientId,
    poli,
    payer,
    totals: invoiceTotals(lines, payer),
    lines,
    createdBy: ctx.user?.id ?? null,
  });
  ctx.log.info({ invoiceId: invoice.id, encounterId, missingTariffs: lines.filter((l) => l.tariffMissing).length }, 'invoice created');
  return invoice;
}

export async function createInvoice(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { encounterId } = validateBody(createInvoiceSchema, input);
  return { status: 201, data: await makeInvoice(encounterId, ctx) };
}

/**
 * The button on the cashier's list. Success opens the invoice; a visit that
 * already has one opens that one; anything else is shown as a notice in
 * place (htmx) or on its own page, with the way back.
 */
export async function createInvoiceForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const { encounterId } = validateBody(createInvoiceSchema, input, (b) => ({ encounterId: intField(b['encounterId']) }));
    try {
      const invoice = await makeInvoice(encounterId, ctx);
      return { redirect: `/billing/invoices/${invoice.id}` };
    } catch (err) {
      if (err instanceof BilikError && err.code === BillingErrors.INVOICE_EXISTS.code) {
        const live = await liveInvoiceFor(billingDb(ctx), encounterId);
        if (live) return { redirect: `/billing/invoices/${live.id}` };
      }
      throw err;
    }
  } catch (err) {
    if (!(err instanceof BilikError)) throw err;
    return { status: err.status, view: 'billing/notice', data: { message: shownError(err, ctx).message, status: err.status } };
  }
}
