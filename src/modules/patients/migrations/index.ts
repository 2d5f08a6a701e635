// The module's migrations, in version order. Forward-only: a shipped migration
// is never edited; a change is a new file with the next number.
import type { MigrationDef } from '../../../kernel/index.js';
import { createPatients } from './0001-create-patients.js';
import { auditLog } from './0002-audit-log.js';

export const migrations: readonly MigrationDef[] = [createPatients, auditLog];
