// The appointments module's migrations, in version order (forward-only).
import type { MigrationDef } from '../../../kernel/index.js';

export const migrations: readonly MigrationDef[] = [];
