// The records module's migrations, in version order (forward-only: a shipped
// migration is never edited; a change is a new file with the next number).
import { auditLogMigration } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';
import { createRecords } from './0001-create-records.js';

export const migrations: readonly MigrationDef[] = [createRecords, auditLogMigration('0002-audit-log')];
