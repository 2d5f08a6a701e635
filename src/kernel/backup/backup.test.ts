// Backup and restore on SQLite fixture files, without the app: the snapshot
// includes what is still only in the WAL of a connection that stays open (as the
// app's workers do), a crashed or refused backup leaves no folder that looks
// complete, and restore checks everything before it writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { ModuleManifest } from '../types.js';
import { runBackup } from './backup.js';
import { runCommand } from './cli.js';
import { CliError } from './common.js';
import { checkCompatible, readManifest, snapshotName } from './manifest.js';
import { libpqTarget } from './postgres-tools.js';
import { runRestore } from './restore.js';

const fake = (name: string, migrations: string[]) => ({ name, migrations: migrations.map((m) => ({ name: m, up: async () => {} })) }) as unknown as ModuleManifest;
const modules = [fake('staff', ['0001-a']), fake('patients', ['0001-a', '0002-b'])];
const NOW = new Date('2026-11-21T23:15:00.123Z');

let tmp: string;
let dataDir: string;
let writers: Database.Database[];

/** A module database in WAL mode whose last rows are only in the WAL: the writer stays open, nothing checkpoints. */
function moduleDb(name: string, migrations: string[], rows: number): Database.Database {
  const db = new Database(path.join(dataDir, `${name}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table bilik_migrations (name text primary key, timestamp text); create table items (id integer primary key, v text)');
  for (const m of migrations) db.prepare('insert into bilik_migrations values (?, ?)').run(m, NOW.toISOString());
  const insert = db.prepare('insert into items (v) values (?)');
  for (let i = 0; i < rows; i++) insert.run(`row ${i}`);
  return db;
}

const config = (dir = dataDir) => loadConfig({ DATA_DIR: dir }, modules);
const errorOf = async (p: Promise<unknown>): Promise<CliError> => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(CliError);
  return e as CliError;
};

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bilik-backup-unit-'));
  dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  writers = [moduleDb('staff', ['0001-a'], 3), moduleDb('patients', ['0001-a', '0002-b'], 250)];
});
afterEach(() => {
  for (const w of writers) w.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup (SQLite)', () => {
  it('names snapshots by UTC second, sortable', () => {
    expect(snapshotName(NOW)).toBe('bilik-backup-20261121T231500Z');
  });

  it('copies committed rows that are still only in the WAL, and records them in the manifest', async () => {
    expect(fs.statSync(path.join(dataDir, 'patients.sqlite-wal')).size).toBeGreaterThan(0);
    const dir = await runBackup(path.join(tmp, 'out'), { config: config(), modules, version: '9.9.9', now: NOW });
    expect(dir).toBe(path.join(tmp, 'out', 'bilik-backup-20261121T231500Z'));
    const m = readManifest(dir);
    expect(m.modules.map((x) => [x.name, x.migrations, x.rowCounts['items']])).toEqual([
      ['staff', ['0001-a'], 3],
      ['patients', ['0001-a', '0002-b'], 250],
    ]);
    // A single self-contained file per module: nothing beside it.
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'patients.sqlite', 'staff.sqlite']);
  });

  it('refuses a snapshot folder that already holds files, and leaves no temp folder', async () => {
    const out = path.join(tmp, 'out');
    await runBackup(out, { config: config(), modules, version: '1', now: NOW });
    const e = await errorOf(runBackup(out, { config: config(), modules, version: '1', now: NOW }));
    expect(e.message).toMatch(/already exists and is not empty/);
    expect(fs.readdirSync(out)).toEqual(['bilik-backup-20261121T231500Z']);
  });

  it('fails on a missing module database without creating it or leaving a folder behind', async () => {
    writers.pop()!.close();
    fs.rmSync(path.join(dataDir, 'patients.sqlite'));
    const e = await errorOf(runBackup(path.join(tmp, 'out'), { config: config(), modules, version: '1', now: NOW }));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain(path.join(dataDir, 'patients.sqlite'));
    expect(fs.existsSync(path.join(dataDir, 'patients.sqlite'))).toBe(false);
    expect(fs.readdirSync(path.join(tmp, 'out'))).toEqual([]);
  });

  it('refuses to write a backup inside DATA_DIR (usage error)', async () => {
    const e = await errorOf(runBackup(path.join(dataDir, 'backups'), { config: config(), modules, version: '1', now: NOW }));
    expect(e.exitCode).toBe(2);
  });
});

describe('restore (SQLite)', () => {
  it('round-trips into a missing DATA_DIR', async () => {
    const dir = await runBackup(path.join(tmp, 'out'), { config: config(), modules, version: '1', now: NOW });
    const target = path.join(tmp, 'restored');
    await runRestore(dir, { config: config(target), modules });
    const db = new Database(path.join(target, 'patients.sqlite'), { readonly: true });
    expect(db.prepare('select count(*) as n from items').get()).toEqual({ n: 250 });
    db.close();
    expect(fs.readdirSync(target).sort()).toEqual(['patients.sqlite', 'staff.sqlite']);
  });

  it('checks every checksum before writing: a damaged first file names itself, the target is not created', async () => {
    const dir = await runBackup(path.join(tmp, 'out'), { config: config(), modules, version: '1', now: NOW });
    fs.appendFileSync(path.join(dir, 'staff.sqlite'), 'x');
    const target = path.join(tmp, 'restored');
    const e = await errorOf(runRestore(dir, { config: config(target), modules }));
    expect(e.message).toContain('staff.sqlite');
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a non-empty DATA_DIR, naming what is in it', async () => {
    const dir = await runBackup(path.join(tmp, 'out'), { config: config(), modules, version: '1', now: NOW });
    const e = await errorOf(runRestore(dir, { config: config(), modules }));
    expect(e.message).toMatch(/is not empty \(.*patients\.sqlite/);
  });
});

describe('compatibility and tools', () => {
  const manifest = (over: object = {}) => ({
    format: 'bilik-backup' as const,
    formatVersion: 1,
    createdAt: NOW.toISOString(),
    app: { name: 'bilik', version: '1' },
    backend: 'sqlite' as const,
    source: '/x',
    modules: [
      { name: 'staff', file: 'staff.sqlite', bytes: 1, sha256: 'a'.repeat(64), migrations: ['0001-a'], rowCounts: {} },
      { name: 'patients', file: 'patients.sqlite', bytes: 1, sha256: 'a'.repeat(64), migrations: ['0001-a'], rowCounts: {} },
    ],
    ...over,
  });

  it('accepts a backup whose migrations are a prefix of this build', () => {
    expect(() => checkCompatible(manifest(), 'sqlite', modules)).not.toThrow();
  });

  it('refuses another backend (exit 2), a missing module, and an unknown migration', () => {
    const throwsWith = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return e as CliError;
      }
      throw new Error('did not throw');
    };
    expect(throwsWith(() => checkCompatible(manifest(), 'postgres', modules)).exitCode).toBe(2);
    expect(throwsWith(() => checkCompatible(manifest({ modules: manifest().modules.slice(0, 1) }), 'sqlite', modules)).message).toMatch(/no data for module "patients"/);
    const newer = manifest({ modules: [manifest().modules[0], { ...manifest().modules[1], migrations: ['0001-a', '0003-c'] }] });
    expect(throwsWith(() => checkCompatible(newer, 'sqlite', modules)).message).toMatch(/0003-c/);
  });

  it('hands libpq the password through the environment, never on the command line', () => {
    const t = libpqTarget('postgres://bilik:s%40cret@db.example:5432/clinic?sslmode=require');
    expect(t.dbname).toBe('postgres://bilik@db.example:5432/clinic?sslmode=require');
    expect(t.env['PGPASSWORD']).toBe('s@cret');
  });

  it('maps usage and configuration errors to exit 2', async () => {
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCommand('backup', [], { modules, version: '1', env: { DATA_DIR: dataDir }, ...quiet })).toBe(2);
    expect(await runCommand('backup', ['--frob', 'x'], { modules, version: '1', env: { DATA_DIR: dataDir }, ...quiet })).toBe(2);
    expect(await runCommand('backup', [path.join(tmp, 'o')], { modules, version: '1', env: { DATA_DIR: dataDir, BILIK_PATIENTS_THREADS: 'many' }, ...quiet })).toBe(2);
  });
});
