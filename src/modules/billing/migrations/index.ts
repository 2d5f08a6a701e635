// The billing module's migrations, in version order (forward-only).
import { auditLogMigration } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';
import { createBilling } from './0001-create-billing.js';

export const migrations: readonly MigrationDef[] = [createBilling, auditLogMigration('0002-audit-log')];
