// Taking a payment and cancelling an invoice: the JSON API and the forms on
// the invoice page. A refused form re-renders the invoice page with the error
// beside the field (htmx swaps it in place), nothing stored.
import { BilikError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { parseRupiahField } from '../amount-input.js';
import { invoiceNotFound } from '../errors.js';
import { addPayment as writePayment, cancelInvoice as writeCancel, getInvoice as readInvoice } from '../invoices-repo.js';
import { cancelInvoiceSchema, paymentSchema } from '../schemas.js';
import { billingDb, formValues, idParam, shownError, validateBody } from './common.js';
import { invoicePageData } from './get-invoice.js';

async function pay(input: RequestInput, ctx: HandlerContext) {
  const id = idParam(input, invoiceNotFound);
  const body = validateBody(paymentSchema, input, (b) => ({ ...b, amount: parseRupiahField(b['amount']) }));
  const invoice = await writePayment(billingDb(ctx), ctx, id, body, ctx.fmt.money);
  ctx.log.info({ invoiceId: id, status: invoice.status }, 'payment taken');
  return invoice;
}

async function cancel(input: RequestInput, ctx: HandlerContext) {
  const id = idParam(input, invoiceNotFound);
  const { reason } = validateBody(cancelInvoiceSchema, input);
  const invoice = await writeCancel(billingDb(ctx), ctx, id, reason);
  ctx.log.info({ invoiceId: id }, 'invoice cancelled');
  return invoice;
}

export async function addPayment(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 201, data: await pay(input, ctx) };
}

export async function cancelInvoice(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await cancel(input, ctx) };
}

/** Re-renders the invoice page with the form's error; unknown invoices stay a plain 404. */
async function refused(input: RequestInput, ctx: HandlerContext, err: unknown, form: 'payment' | 'cancel'): Promise<HandlerResult> {
  if (!(err instanceof BilikError) || err.status === 404 || err.status >= 500) throw err;
  const invoice = await readInvoice(billingDb(ctx), idParam(input, invoiceNotFound));
  if (!invoice) throw invoiceNotFound();
  const shown = shownError(err, ctx);
  const state = { values: formValues(input), errors: shown.fields, formError: shown.message };
  return { status: err.status, data: await invoicePageData(invoice, ctx, { [form]: state }) };
}

export async function addPaymentForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const invoice = await pay(input, ctx);
    return { redirect: `/billing/invoices/${invoice.id}?saved=payment` };
  } catch (err) {
    return refused(input, ctx, err, 'payment');
  }
}

export async function cancelInvoiceForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const invoice = await cancel(input, ctx);
    return { redirect: `/billing/invoices/${invoice.id}?saved=cancel` };
  } catch (err) {
    return refused(input, ctx, err, 'cancel');
  }
}
