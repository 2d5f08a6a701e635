import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationDef } from '../types.js';
import { checkMigrationNames, runMigrations } from './migrate.js';
import { openModuleDb } from './open.js';
import type { ModuleDb } from './open.js';

const noop = async (): Promise<void> => {};
const list = (...names: string[]): MigrationDef[] => names.map((name) => ({ name, up: noop }));

describe('checkMigrationNames', () => {
  it('accepts well-formed names in version order', () => {
    expect(() => checkMigrationNames('patients', [])).not.toThrow();
    expect(() => checkMigrationNames('patients', list('0001-create-patients', '0002-add-phone', '0010-index-2'))).not.toThrow();
  });

  it.each(['1-create', '0001_create', '0001-Create', '0001-', 'create-0001', '00001-x', '0001-a b', '0001-a.sql'])(
    'rejects the bad name %j and names the module and the migration',
    (bad) => {
      expect(() => checkMigrationNames('staff', list(bad))).toThrow(`staff: migration name "${bad}" must look like 0001-some-name`);
    },
  );

  it('reports a bad name that is not the first one', () => {
    expect(() => checkMigrationNames('staff', list('0001-ok', '0002_bad'))).toThrow('staff: migration name "0002_bad"');
  });

  it('rejects migrations listed out of version order', () => {
    expect(() => checkMigrationNames('billing', list('0002-second', '0001-first'))).toThrow('billing: migrations must be listed in version order');
    expect(() => checkMigrationNames('billing', list('0001-a', '0003-c', '0002-b'))).toThrow(/version order/);
  });

  it('rejects duplicate names', () => {
    expect(() => checkMigrationNames('records', list('0001-a', '0001-a'))).toThrow('records: duplicate migration name');
    expect(() => checkMigrationNames('records', list('0001-a', '0002-b', '0002-b'))).toThrow(/duplicate/);
  });
});

describe('runMigrations (SQLite)', () => {
  let dir = '';
  let mdb: ModuleDb | undefined;

  afterEach(async () => {
    await mdb?.close();
    mdb = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  const open = (): ModuleDb => {
    dir ||= mkdtempSync(path.join(tmpdir(), 'bilik-migrate-'));
    mdb = openModuleDb({ kind: 'sqlite', file: path.join(dir, 'm.sqlite'), synchronous: 'NORMAL' }, 'test');
    return mdb;
  };

  const migrations: MigrationDef[] = [
    { name: '0001-create-things', up: async (db) => void (await db.schema.createTable('things').addColumn('id', 'integer', (c) => c.primaryKey()).execute()) },
    { name: '0002-add-label', up: async (db) => void (await db.schema.alterTable('things').addColumn('label', 'text').execute()) },
  ];

  it('applies pending migrations once, in order', async () => {
    const db = open();
    expect(await runMigrations(db, migrations, 'things')).toEqual(['0001-create-things', '0002-add-label']);
    expect(await runMigrations(db, migrations, 'things')).toEqual([]);
    await db.db.insertInto('things').values({ id: 1, label: 'x' }).execute();
    await db.close();
    const again = open();
    const more = [...migrations, { name: '0003-noop', up: noop }];
    expect(await runMigrations(again, more, 'things')).toEqual(['0003-noop']);
  });

  it('names the failing migration and keeps the cause', async () => {
    const db = open();
    const broken: MigrationDef[] = [...migrations, { name: '0003-broken', up: async () => Promise.reject(new Error('syntax')) }];
    const err: unknown = await runMigrations(db, broken, 'things').then(() => null, (e: unknown) => e);
    if (!(err instanceof Error)) throw new Error('expected runMigrations to fail');
    expect(err.message).toBe('things: migration 0003-broken failed');
    expect((err.cause as Error).message).toBe('syntax');
  });

  it('checks names before touching the database', async () => {
    const db = open();
    await expect(runMigrations(db, list('0002-b', '0001-a'), 'things')).rejects.toThrow(/version order/);
  });
});
