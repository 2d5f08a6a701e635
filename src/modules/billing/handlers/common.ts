// What every billing handler needs: the typed database, route ids, the
// clinic-local day, and form values turned into the API's types.
import { localDay, localDayBounds, validate } from '../../../kernel/index.js';
import type { HandlerContext, RequestInput } from '../../../kernel/index.js';
import { BilikError } from '../../../kernel/index.js';
import type { ZodType, z } from 'zod';
import type { BillingDb } from '../db.js';

export function billingDb(ctx: HandlerContext): BillingDb {
  return ctx.db as BillingDb;
}

/** A positive integer route id, or the given 404 (a malformed id reads as an unknown one). */
export function idParam(input: RequestInput, notFound: () => BilikError, name = 'id'): number {
  const raw = input.params[name] ?? '';
  const n = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > 2 ** 31 - 1) throw notFound();
  return n;
}

export function today(ctx: HandlerContext, now = new Date()): string {
  return localDay(now, ctx.timeZone);
}

/** The UTC instants bounding a clinic-local day, as ISO text (the stored format). */
export function dayRange(day: string, ctx: HandlerContext): { from: string; to: string } {
  const { start, end } = localDayBounds(day, ctx.timeZone);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** Form strings of whole numbers become numbers; anything else is left for the schema to reject. */
export function intField(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
}

/** Validates a form body or a JSON body with the same schema (forms after `prepare` has typed their fields). */
export function validateBody<S extends ZodType>(schema: S, input: RequestInput, prepare?: (body: Record<string, unknown>) => Record<string, unknown>): z.infer<S> {
  if (!input.form) return validate(schema, input.body);
  const body = input.body && typeof input.body === 'object' && !Array.isArray(input.body) ? (input.body as Record<string, unknown>) : {};
  const cleaned = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== ''));
  return validate(schema, prepare ? prepare(cleaned) : cleaned);
}

/** A request body as a plain record of strings, for re-filling a form after an error. */
export function formValues(input: RequestInput): Record<string, string> {
  const body = input.body && typeof input.body === 'object' && !Array.isArray(input.body) ? (input.body as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : String(v ?? '')]));
}

/** A BilikError's message and field messages in the caller's language (for pages that re-render themselves). */
export function shownError(err: BilikError, ctx: HandlerContext): { message: string; fields: Record<string, string> } {
  const params = err.params;
  const tr = (key: string) => {
    const text = ctx.t(key, params);
    return text.startsWith('⟦') ? key : text;
  };
  const own = tr(err.message);
  const message = own === err.message ? ctx.t(`error.${err.code}`) : own;
  const fields = Object.fromEntries(Object.entries(err.fields ?? {}).map(([k, v]) => [k, tr(v)]));
  return { message, fields };
}
