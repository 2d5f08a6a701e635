// The audit filter (the kernel's auditFilterSchema, shared with every auditing
// module's contract) plus the checks the regex cannot make, and the response
// shape for the OpenAPI document.
import { z } from 'zod';
import { AUDIT_ACTIONS, auditFilterSchema } from '../../kernel/index.js';

/** A YYYY-MM-DD that is a real calendar day (2026-02-30 is not). */
function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** `from`/`to` pass the kernel's shape check; this one also refuses days and instants that do not exist. */
function isRealWhen(value: string): boolean {
  if (!isRealDay(value.slice(0, 10))) return false;
  return value.length === 10 || !Number.isNaN(new Date(value).getTime());
}

/**
 * The kernel's filter, with `from`/`to` also checked as real days and instants
 * (field by field, so a bad date is reported alongside other bad fields).
 * `.extend` keeps the kernel's strictness: unknown parameters are refused.
 */
const realWhen = auditFilterSchema.shape.from.unwrap().refine(isRealWhen, 'audit.error.when');
export const filterQuerySchema = auditFilterSchema.extend({ from: realWhen.optional(), to: realWhen.optional() });

export const entrySchema = z.object({
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string(),
  role: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  patientId: z.number().nullable(),
  encounterId: z.number().nullable(),
  module: z.string(),
  entity: z.string(),
});

export const auditPageSchema = z.object({
  page: z.number(),
  pageSize: z.number(),
  hasMore: z.boolean(),
  entries: z.array(entrySchema),
  /** Modules whose entries could not be fetched (down, or not answering): left out of `entries`. */
  unavailable: z.array(z.string()),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
