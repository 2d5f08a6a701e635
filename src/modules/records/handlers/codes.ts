// Code look-up: JSON for clients, and <option>s for the forms' <datalist>s.
// The fragment reads `q`, or the value of the input it was triggered from
// (htmx sends the input under its own name: code, drugCode).
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { searchCodes, titleIn } from '../codes/lookup.js';
import { codesQuerySchema } from '../schemas.js';

function lookup(input: RequestInput, ctx: HandlerContext) {
  const q = input.query;
  const raw = q['q'] ?? q['code'] ?? q['drugCode'];
  const { system, q: text } = validate(codesQuerySchema, { system: q['system'], q: typeof raw === 'string' ? raw : undefined });
  const items = searchCodes(system, text ?? '').map((e) => ({
    code: e.code,
    display: e.display,
    title: titleIn(e, ctx.locale),
    ...(e.system === 'icd10' || e.system === 'icd9cm' ? { titleId: e.displayId } : {}),
    ...(e.system === 'drug' && { name: e.name, strength: e.strength, form: e.form, unit: e.unit }),
  }));
  return { system, q: text ?? '', items };
}

export async function searchCodesApi(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: lookup(input, ctx) };
}

export async function codeOptions(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: lookup(input, ctx) };
}
