// Input validation at a module's edge: zod in, 422 with field messages out.
import type { ZodType, z } from 'zod';
import { BilikError, KernelErrors } from './errors.js';

/** HTML forms send '' for an empty field; treat it as absent so optional fields stay optional. */
function dropEmpty(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== ''));
}

export function validate<S extends ZodType>(schema: S, value: unknown, opts: { form?: boolean } = {}): z.infer<S> {
  const r = schema.safeParse(opts.form ? dropEmpty(value) : (value ?? {}));
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  throw new BilikError(KernelErrors.VALIDATION, { fields });
}
