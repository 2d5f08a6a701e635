// Tariffs: the JSON API (list, upsert by key, patch) and the admin page with
// its two forms (add/replace by key, edit one row). Poli names label the
// consultation tariffs when appointments answers; otherwise codes alone.
import { BilikError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { parseRupiahField } from '../amount-input.js';
import { tariffNotFound } from '../errors.js';
import { LINE_KINDS, normaliseCode } from '../lines.js';
import { listPolis } from '../peers.js';
import { tariffFormSchema, tariffPatchSchema, tariffUpsertSchema } from '../schemas.js';
import { cachePolis, findTariff, listTariffs as readTariffs, patchTariff as writePatch, upsertTariff as writeUpsert } from '../tariffs-repo.js';
import { billingDb, formValues, idParam, shownError, validateBody } from './common.js';

export async function listTariffs(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: { items: await readTariffs(billingDb(ctx)) } };
}

export async function upsertTariff(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = validateBody(tariffUpsertSchema, input);
  const { tariff, created } = await writeUpsert(billingDb(ctx), body, ctx.user?.id ?? null);
  ctx.log.info({ tariffId: tariff.id, created }, 'tariff saved');
  return { status: created ? 201 : 200, data: tariff };
}

export async function patchTariff(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, tariffNotFound);
  const patch = validateBody(tariffPatchSchema, input);
  const tariff = await writePatch(billingDb(ctx), id, patch, ctx.user?.id ?? null);
  if (!tariff) throw tariffNotFound();
  ctx.log.info({ tariffId: id }, 'tariff changed');
  return { data: tariff };
}

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  formError?: string;
}

/** Everything the tariffs page shows; `add`/`edit` carry a form re-rendered after an error. */
async function pageData(ctx: HandlerContext, state: { add?: FormState; edit?: FormState & { id: number }; saved?: string } = {}) {
  const db = billingDb(ctx);
  const [items, polis] = await Promise.all([readTariffs(db), listPolis(ctx)]);
  if (polis) await cachePolis(db, polis);
  const poliByCode = new Map((polis ?? []).map((p) => [normaliseCode(p.code), p.name]));
  const consultKeys = new Set(items.filter((t) => t.kind === 'consultation').map((t) => t.code));
  return {
    groups: LINE_KINDS.map((kind) => ({ kind, items: items.filter((t) => t.kind === kind).map((t) => ({ ...t, poliName: t.kind === 'consultation' ? (poliByCode.get(t.code) ?? null) : null })) })),
    polisAvailable: polis !== null,
    // Polis the clinic runs but cannot bill a consultation for yet.
    unpricedPolis: (polis ?? []).filter((p) => !consultKeys.has(normaliseCode(p.code))).map((p) => ({ code: normaliseCode(p.code), name: p.name })),
    add: state.add ?? { values: { kind: 'drug' }, errors: {} },
    edit: state.edit ?? null,
    saved: state.saved ?? null,
  };
}

export async function tariffsPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const saved = typeof input.query['saved'] === 'string' ? input.query['saved'] : undefined;
  return { data: await pageData(ctx, saved ? { saved } : {}) };
}

/** POST /billing/tariffs: add a tariff, or replace the one with the same kind and code. */
export async function saveTariffForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    const f = validateBody(tariffFormSchema, input, (b) => ({ ...b, price: parseRupiahField(b['price']) }));
    const { tariff } = await writeUpsert(billingDb(ctx), { key: `${f.kind}:${f.code}`, name: f.name, price: f.price, active: true }, ctx.user?.id ?? null);
    return { redirect: `/billing/tariffs?saved=${encodeURIComponent(tariff.key)}` };
  } catch (err) {
    if (!(err instanceof BilikError) || !err.fields) throw err;
    const shown = shownError(err, ctx);
    return { status: err.status, data: await pageData(ctx, { add: { values: formValues(input), errors: shown.fields, formError: shown.message } }) };
  }
}

/** POST /billing/tariffs/:id: change the name, price or active flag of one tariff. */
export async function updateTariffForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, tariffNotFound);
  const existing = await findTariff(billingDb(ctx), id);
  if (!existing) throw tariffNotFound();
  try {
    // An unchecked checkbox is absent from the form: that means "inactive".
    const patch = validateBody(tariffPatchSchema, input, (b) => ({ name: b['name'] ?? '', price: parseRupiahField(b['price'] ?? ''), active: b['active'] === 'on' || b['active'] === 'true' }));
    await writePatch(billingDb(ctx), id, patch, ctx.user?.id ?? null);
    return { redirect: `/billing/tariffs?saved=${encodeURIComponent(existing.key)}#tariff-${id}` };
  } catch (err) {
    if (!(err instanceof BilikError) || !err.fields) throw err;
    const shown = shownError(err, ctx);
    return { status: err.status, data: await pageData(ctx, { edit: { id, values: formValues(input), errors: shown.fields, formError: shown.message } }) };
  }
}
