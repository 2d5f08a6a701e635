// Input validation at a module's edge: zod in, 422 with field messages out.
import { z, type ZodType } from 'zod';
import { BilikError, KernelErrors } from './errors.js';

// zod's own messages (where a schema gives none) become catalog keys, so they
// are shown in the caller's language like every other message.
z.config({
  customError: (iss) => {
    if (iss.code === 'invalid_type' && iss.input === undefined) return 'validation.required';
    if (iss.code === 'too_big') return 'validation.tooLong';
    if (iss.code === 'too_small') return 'validation.tooShort';
    if (iss.code === 'invalid_value') return 'validation.choice';
    return 'validation.invalid';
  },
});

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
