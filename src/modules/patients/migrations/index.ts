// The module's migrations, in version order. Forward-only: a shipped migration
// is never edited; a change is a new file with the next number.
import type { MigrationDef } from '../../../kernel/index.js';
import { createPatients } from './0001-create-patients.js';

export const migrations: readonly MigrationDef[] = [createPatients];
