// The kernel's Postgres layer against a real server: one schema per module,
// migrations safe when several instances start together, pool waits and slow
// statements bounded and answered as the module's 503/504, never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { databaseError } from '../../src/kernel/db/errors.js';
import { runMigrations } from '../../src/kernel/db/migrate.js';
import { openModuleDb, type ModuleDb } from '../../src/kernel/db/open.js';
import { migrations as patientMigrations } from '../../src/modules/patients/migrations/index.js';
import { freshDatabase } from '../support/postgres.js';

let database: { url: string; drop(): Promise<void> };
const opened: ModuleDb[] = [];

function open(over: { poolMax?: number; waitMs?: number; statementTimeoutMs?: number; schema?: string } = {}): ModuleDb {
  const mdb = openModuleDb(
    { kind: 'postgres', url: database.url, schema: over.schema ?? 'patients', poolMax: over.poolMax ?? 2, waitMs: over.waitMs ?? 2000, statementTimeoutMs: over.statementTimeoutMs ?? 5000 },
    'patients',
  );
  opened.push(mdb);
  return mdb;
}

beforeAll(async () => {
  database = await freshDatabase(inject('pgUrl'));
});

afterAll(async () => {
  for (const m of opened) await m.close().catch(() => {});
  await database?.drop();
});

describe('Postgres layer', () => {
  it('migrates three instances at once: each migration applied exactly once, tables in the module schema', async () => {
    const instances = [open(), open(), open()];
    await Promise.all(instances.map((m) => runMigrations(m, patientMigrations, 'patients')));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query('select name from patients.bilik_migrations order by name');
      expect(applied.rows.map((r) => r.name)).toEqual(patientMigrations.map((m) => m.name));
      const tables = await client.query("select table_schema, table_name from information_schema.tables where table_name = 'patients'");
      expect(tables.rows).toEqual([{ table_schema: 'patients', table_name: 'patients' }]);
    } finally {
      await client.end();
    }
  });

  it('a full pool makes a caller wait at most waitMs, then answers MODULE_OVERLOADED (503)', async () => {
    const mdb = open({ poolMax: 1, waitMs: 300 });
    const holder = sql`select pg_sleep(3)`.execute(mdb.db);
    let holderDone = false;
    void holder.then(() => (holderDone = true));
    await new Promise((r) => setTimeout(r, 100));
    const err = await sql`select 1`.execute(mdb.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(holderDone, 'the second query gave up while the first still held the only connection').toBe(false);
    const mapped = databaseError(err);
    expect(mapped?.code).toBe('MODULE_OVERLOADED');
    expect(mapped?.status).toBe(503);
    expect(mapped?.retryAfterSec).toBeGreaterThan(0);
    expect(mdb.pool!()).toMatchObject({ total: 1 });
    await holder;
  });

  it('the server cancels a statement that outlives the deadline: MODULE_TIMEOUT (504)', async () => {
    const mdb = open({ statementTimeoutMs: 200 });
    const err = await sql`select pg_sleep(3)`.execute(mdb.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as { code?: string }).code).toBe('57014');
    expect(databaseError(err)?.code).toBe('MODULE_TIMEOUT');
  });

  it('a server that is not there answers MODULE_UNAVAILABLE, not a crash', async () => {
    const mdb = openModuleDb({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', schema: 'patients', poolMax: 1, waitMs: 500, statementTimeoutMs: 1000 }, 'patients');
    opened.push(mdb);
    const err = await sql`select 1`.execute(mdb.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseError(err)?.code).toBe('MODULE_UNAVAILABLE');
  });
});
