// Forward-only, versioned migrations per module, recorded in the module's own
// database. Kysely's migrator takes a lock, so concurrent starters are safe.
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
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

/** Postgres: the module's schema, created under an advisory lock so replicas starting together do not race. */
async function ensureSchema(mdb: Pick<ModuleDb, 'db' | 'schema'>): Promise<void> {
  const schema = mdb.schema!;
  await mdb.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`bilik-schema:${schema}`}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
  });
}

export async function runMigrations(mdb: Pick<ModuleDb, 'db' | 'kind' | 'schema'>, list: readonly MigrationDef[], module: string): Promise<string[]> {
  checkMigrationNames(module, list);
  if (mdb.kind === 'postgres') await ensureSchema(mdb);
  // Kysely's migrator locks: a lock-table row on SQLite, pg_advisory_xact_lock on Postgres.
  const migrator = new Migrator({
    db: mdb.db,
    provider: new ListProvider(list),
    migrationTableName: 'bilik_migrations',
    migrationLockTableName: 'bilik_migrations_lock',
    ...(mdb.schema && { migrationTableSchema: mdb.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`${module}: migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
