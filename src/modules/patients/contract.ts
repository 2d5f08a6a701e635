// The functions other modules may call() on patients, and nothing else. Other
// modules hold patient ids; these turn ids into what they need to show.
// Arguments cross a thread (or process) boundary, so they are validated here
// exactly like a request body.
import { auditEntriesContract, validate } from '../../kernel/index.js';
import type { ContractFn, HandlerContext } from '../../kernel/index.js';
import { countPatients as count, patientSummaries } from './repo.js';
import { summariesArgsSchema } from './schemas.js';
import type { PatientSummary } from './schemas.js';
import type { PatientsDb } from './repo.js';

/**
 * `{ ids }` (at most 100) → `[{ id, mrn, fullName, sex, birthDate }]` in the
 * order asked, unknown ids left out (a caller shows "patient #id" for those).
 * No NIK, phone or address: callers get the minimum needed to label a row.
 */
export async function getPatientSummaries(args: unknown, ctx: HandlerContext): Promise<PatientSummary[]> {
  const { ids } = validate(summariesArgsSchema, args);
  return patientSummaries(ctx.db as PatientsDb, ids);
}

/** `{ count }` of registered patients, for dashboards. */
export async function countPatients(_args: unknown, ctx: HandlerContext): Promise<{ count: number }> {
  return { count: await count(ctx.db as PatientsDb) };
}

export const contract = {
  getPatientSummaries,
  countPatients,
  /** This module's audit entries, for the audit module to merge (admins only: the kernel checks audit:read). */
  auditEntries: auditEntriesContract,
} satisfies Record<string, ContractFn>;
