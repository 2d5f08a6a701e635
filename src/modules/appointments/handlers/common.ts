// Small helpers the handlers share: route ids, "today", permissions, and the
// translation of a failed form post into inline field messages.
import { BilikError, localDay } from '../../../kernel/index.js';
import type { ErrorSpec, HandlerContext, RequestInput } from '../../../kernel/index.js';
import { parseId } from '../schemas.js';
import type { Person } from '../calls.js';

/** The `:id` route param; a malformed id is indistinguishable from an unknown one (404). */
export function idParam(input: RequestInput, notFound: ErrorSpec): number {
  const id = parseId(input.params['id']);
  if (id === null) throw new BilikError(notFound);
  return id;
}

export function today(ctx: HandlerContext): string {
  return localDay(new Date(), ctx.timeZone);
}

export function can(ctx: HandlerContext, permission: string): boolean {
  return !!ctx.user?.permissions.includes(permission);
}

/**
 * A failed form post, shown inline: field messages translated (keyed by the
 * form's own field names via `rename`), and errors without fields (409, 503)
 * as the form's summary. Anything else is not a form problem and is rethrown.
 */
export function formErrors(err: unknown, ctx: HandlerContext, rename: Record<string, string> = {}): { status: number; errors: Record<string, string>; formError: string } {
  if (!(err instanceof BilikError) || err.status >= 500 && err.status !== 503) throw err;
  if (err.status === 403 || err.status === 401) throw err;
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.fields ?? {})) errors[rename[k] ?? k] = ctx.t(v, err.params);
  return { status: err.status, errors, formError: ctx.t(err.message, err.params) };
}

/** "dr. Ratna Sari", or "staf #7" when staff is down or the id is not a doctor (any more). */
export function doctorName(ctx: HandlerContext, doctors: readonly Person[], id: number | null): string {
  if (id === null) return ctx.t('appointments.doctor.any');
  return doctors.find((d) => d.id === id)?.fullName ?? ctx.t('appointments.doctor.staffId', { id });
}

/** A local redirect target from a form (`next`), never another site. */
export function safeNext(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/appointments(\/[\w\-/]*)?(\?[\w\-=&%.]*)?$/.test(value) ? value : fallback;
}
