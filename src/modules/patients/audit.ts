// The patients module's side of the audit log: who created, changed or opened
// which patient's record. Entries go to this module's own append-only
// `audit_log` (the kernel's shape); the audit module merges them with the
// other modules' through the `auditEntries` contract.
//
// Search and list results are deliberately not audited: a list shows only what
// the front desk needs to pick a patient (name, MRN, birth date), and every
// keystroke of search-as-you-type would otherwise bury the log in noise.
// Opening the record is the read that counts, and that is audited.
import { writeAudit } from '../../kernel/index.js';
import type { AuditAction, HandlerContext } from '../../kernel/index.js';
import type { InTransaction, PatientsDb } from './repo.js';

const ENTITY = 'patient';

/** A hook for a write's transaction: the entry commits or rolls back with the change. */
export function auditInTransaction(ctx: HandlerContext, action: Exclude<AuditAction, 'read'>): InTransaction {
  return (trx, patientId) => writeAudit(trx, ctx, { action, entity: ENTITY, patientId });
}

/** After one patient's record was read and is about to be shown. */
export async function auditRead(db: PatientsDb, ctx: HandlerContext, patientId: number): Promise<void> {
  await writeAudit(db, ctx, { action: 'read', entity: ENTITY, patientId });
}
