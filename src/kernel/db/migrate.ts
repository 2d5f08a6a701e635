// Forward-only, versioned migrations per module, recorded in the module's own
// database. Kysely's migrator takes a lock, so concurrent starters are safe.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { MigrationDef } from '../types.js';
import type { ModuleDb } from './open.js';

class ListProvider implements MigrationProvider {
  constructor(private readonly list: readonly MigrationDef[]) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of this.list) out[m.name] = { up: m.up };
    return out;
  }
}

/** Names sort as versions: '0001-create-users'. Checked at start so a typo cannot reorder history. */
export function checkMigrationNames(module: string, list: readonly MigrationDef[]): void {
  const names = list.map((m) => m.name);
  const sorted = [...names].sort();
  names.forEach((n, i) => {
    if (!/^\d{4}-[a-z0-9-]+$/.test(n)) throw new Error(`${module}: migration name "${n}" must look like 0001-some-name`);
    if (sorted[i] !== n) throw new Error(`${module}: migrations must be listed in version order`);
  });
  if (new Set(names).size !== names.length) throw new Error(`${module}: duplicate migration name`);
}

export async function runMigrations(mdb: ModuleDb, list: readonly MigrationDef[], module: string): Promise<string[]> {
  checkMigrationNames(module, list);
  const migrator = new Migrator({
    db: mdb.db,
    provider: new ListProvider(list),
    migrationTableName: 'bilik_migrations',
    migrationLockTableName: 'bilik_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`${module}: migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
