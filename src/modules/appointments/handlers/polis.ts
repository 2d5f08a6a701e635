// Polis: the API (list, create, patch) and the admin page with its forms.
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { AppointmentErrors, fail } from '../errors.js';
import { findPoli, insertPoli, listPolis, updatePoli } from '../repo-polis.js';
import { appointmentsDb, toPoliJson } from '../repo.js';
import { poliCreateSchema, poliPatchSchema } from '../schemas.js';
import { formErrors, idParam } from './common.js';

export async function listPolisApi(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: (await listPolis(appointmentsDb(ctx))).map(toPoliJson) };
}

export async function createPoli(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = validate(poliCreateSchema, input.body);
  const row = await insertPoli(appointmentsDb(ctx), body);
  ctx.log.info({ poliId: row.id }, 'poli created');
  return { status: 201, data: toPoliJson(row) };
}

export async function patchPoli(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.POLI_NOT_FOUND);
  const patch = validate(poliPatchSchema, input.body);
  const row = await updatePoli(appointmentsDb(ctx), id, patch);
  if (!row) throw fail(AppointmentErrors.POLI_NOT_FOUND);
  return { data: toPoliJson(row) };
}

async function pageData(ctx: HandlerContext, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const polis = (await listPolis(appointmentsDb(ctx))).map(toPoliJson);
  return { polis, values: {}, errors: {}, formError: null, editId: null, ...extra };
}

export async function polisPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const saved = typeof input.query['saved'] === 'string' ? input.query['saved'] : null;
  return { data: await pageData(ctx, { saved }) };
}

/** The "new poli" form: `active` is a checkbox, absent when unticked. */
export async function createPoliForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = (input.body ?? {}) as Record<string, unknown>;
  try {
    const parsed = validate(poliCreateSchema, { code: body['code'], name: body['name'], room: body['room'], queuePrefix: body['queuePrefix'], active: true }, { form: true });
    const row = await insertPoli(appointmentsDb(ctx), parsed);
    return { redirect: `/appointments/polis?saved=${encodeURIComponent(row.code)}` };
  } catch (err) {
    const e = formErrors(err, ctx);
    return { status: e.status, data: await pageData(ctx, { values: body, errors: e.errors, formError: e.formError }) };
  }
}

/** One row's edit form: name, room, active. */
export async function updatePoliForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.POLI_NOT_FOUND);
  const body = (input.body ?? {}) as Record<string, unknown>;
  const existing = await findPoli(appointmentsDb(ctx), id);
  if (!existing) throw fail(AppointmentErrors.POLI_NOT_FOUND);
  try {
    const patch = validate(poliPatchSchema, { name: body['name'] ?? '', room: body['room'] ?? '', active: body['active'] === 'on' || body['active'] === '1' }, { form: false });
    const row = await updatePoli(appointmentsDb(ctx), id, patch);
    if (!row) throw fail(AppointmentErrors.POLI_NOT_FOUND);
    return { redirect: `/appointments/polis?saved=${encodeURIComponent(row.code)}` };
  } catch (err) {
    const e = formErrors(err, ctx);
    return { status: e.status, data: await pageData(ctx, { editId: id, editValues: body, editErrors: e.errors, formError: e.formError }) };
  }
}
