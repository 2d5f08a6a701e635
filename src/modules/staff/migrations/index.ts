// Forward-only, in version order.
import type { MigrationDef } from '../../../kernel/index.js';
import { createStaff } from './0001-create-staff.js';
import { userLocale } from './0002-user-locale.js';

export const migrations: readonly MigrationDef[] = [createStaff, userLocale];
