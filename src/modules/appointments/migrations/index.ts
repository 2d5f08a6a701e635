// The module's migrations, in version order. Forward-only: a shipped migration
// is never edited; a change is a new file with the next number.
import { auditLogMigration } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';
import { createAppointments } from './0001-create-appointments.js';

export const migrations: readonly MigrationDef[] = [createAppointments, auditLogMigration('0002-audit-log')];
