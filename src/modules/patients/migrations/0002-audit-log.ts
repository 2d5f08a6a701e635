// The patients module's own append-only audit log (the kernel's shared shape:
// table, indexes and the triggers that refuse UPDATE, DELETE and TRUNCATE).
import { auditLogMigration } from '../../../kernel/index.js';

export const auditLog = auditLogMigration('0002-audit-log');
