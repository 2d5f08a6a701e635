// The functions other modules may call() on appointments, and nothing else.
import { auditEntriesContract } from '../../kernel/index.js';
import type { ContractFn, HandlerContext } from '../../kernel/index.js';
import { listPolis as readPolis } from './repo-polis.js';
import { appointmentsDb, toPoliJson } from './repo.js';
import type { PoliJson } from './schemas.js';

/** `()` → every poli, active or not (billing names consultation tariffs by poli code). */
export async function listPolis(_args: unknown, ctx: HandlerContext): Promise<PoliJson[]> {
  return (await readPolis(appointmentsDb(ctx))).map(toPoliJson);
}

export const contract = {
  listPolis,
  auditEntries: auditEntriesContract,
} satisfies Record<string, ContractFn>;
