// The daily cash report (API, page) and the dashboard panel of today's
// takings. Cashier names come from staff; when it is down the report still
// adds up, showing "staf #id".
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { dailyFigures } from '../reports-repo.js';
import { staffNames } from '../peers.js';
import { reportQuerySchema } from '../schemas.js';
import { billingDb, dayRange, today, validateBody } from './common.js';

async function report(date: string, ctx: HandlerContext) {
  const { from, to } = dayRange(date, ctx);
  const figures = await dailyFigures(billingDb(ctx), from, to);
  const names = await staffNames(ctx, figures.payments.byCashier.map((c) => c.cashierId));
  return {
    date,
    payments: {
      ...figures.payments,
      byCashier: figures.payments.byCashier.map((c) => ({ ...c, ...names.name(c.cashierId) })),
    },
    invoices: figures.invoices,
    staffAvailable: names.available,
  };
}

function dateOf(input: RequestInput, ctx: HandlerContext): string {
  return validateBody(reportQuerySchema, { ...input, body: input.query, form: true }).date ?? today(ctx);
}

export async function dailyReport(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { staffAvailable: _hidden, ...data } = await report(dateOf(input, ctx), ctx);
  return { data };
}

export async function dailyReportPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const date = dateOf(input, ctx);
  return { data: { ...(await report(date, ctx)), isToday: date === today(ctx) } };
}

export async function todayPanel(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const date = today(ctx);
  const { from, to } = dayRange(date, ctx);
  const figures = await dailyFigures(billingDb(ctx), from, to);
  return { data: { date, ...figures } };
}
