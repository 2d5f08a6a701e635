// Validation with message parameters. The kernel's validate() turns each zod
// issue's message (a catalog key) into a field message; some of our rules also
// need values in their text ("NIK digits 7–12 must be {expected}"), which a
// custom issue carries in `params`. This does what validate() does and passes
// those params on the error, so the kernel fills the placeholders whichever
// language the message is shown in.
import type { z, ZodError, ZodType } from 'zod';
import { BilikError, KernelErrors, validate } from '../../kernel/index.js';

type Params = Record<string, string | number>;

/** HTML forms send '' for an empty field; absent, as the kernel's validate({ form: true }) treats it. */
function dropEmpty(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== ''));
}

/** Params of the custom issues that became field messages (the first issue per field, as in validate()). */
function paramsOf(issues: ZodError['issues']): Params | undefined {
  const seen = new Set<string>();
  let params: Params | undefined;
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (seen.has(key)) continue;
    seen.add(key);
    if (issue.code === 'custom' && issue.params) params = { ...params, ...(issue.params as Params) };
  }
  return params;
}

/**
 * Same contract as the kernel's validate(): the parsed value, or a 422 with
 * one key per field. When a field's rule has parameters, they travel on the
 * error (`params`); parameter names are distinct across our rules.
 */
export function validateInput<S extends ZodType>(schema: S, value: unknown, opts: { form?: boolean } = {}): z.infer<S> {
  try {
    return validate(schema, value, opts);
  } catch (err) {
    if (!(err instanceof BilikError) || err.code !== KernelErrors.VALIDATION.code || !err.fields) throw err;
    // Only a failed validation pays for this second parse, to read the issues' params.
    const r = schema.safeParse(opts.form ? dropEmpty(value) : (value ?? {}));
    const params = r.success ? undefined : paramsOf(r.error.issues);
    if (!params) throw err;
    throw new BilikError(KernelErrors.VALIDATION, { fields: err.fields, params });
  }
}
