// Postgres: one schema per module. Backup exports one snapshot from a
// repeatable-read transaction and runs pg_dump --snapshot for every module
// schema, so all modules (and the row counts in the manifest) come from the
// same instant while the app keeps writing. Restore runs pg_restore per module
// into schemas that are missing or empty, and takes back what it restored if
// any module fails, so a failed restore leaves the database as it found it.
import path from 'node:path';
import type pg from 'pg';
import { CliError, fsyncPath, redactUrl } from './common.js';
import { checkMigrations, type Manifest, type ModuleEntry } from './manifest.js';
import { connect, ident, libpqTarget, readMigrations, requireTool, rowCounts, runTool, serverVersion, tablesOf } from './postgres-tools.js';

type Described = Omit<ModuleEntry, 'bytes' | 'sha256'>;

export interface PostgresBackupInfo {
  pgDumpVersion: string;
  pgDumpMajor: number;
  serverVersion: string;
}

export async function backupPostgres(url: string, modules: readonly string[], destDir: string, progress: (line: string) => void): Promise<{ entries: Described[]; info: PostgresBackupInfo }> {
  // Before connecting: a missing pg_dump is the likeliest problem on a fresh server.
  requireTool('pg_dump');
  const client = await connect(url);
  try {
    const server = await serverVersion(client);
    const tool = requireTool('pg_dump', server.major);
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const { dbname, env } = libpqTarget(url);
    const entries: Described[] = [];
    for (const module of modules) {
      const exists = await client.query('select 1 from pg_namespace where nspname = $1', [module]);
      if (exists.rowCount === 0) throw new CliError(`schema "${module}" does not exist in ${redactUrl(url)}: is DATABASE_URL right? (Bilik creates it on its first start)`);
      const file = `${module}.pgdump`;
      const dest = path.join(destDir, file);
      await runTool('pg_dump', ['--format=custom', `--schema=${module}`, '--no-owner', `--snapshot=${snapshot}`, `--file=${dest}`, `--dbname=${dbname}`], env);
      // The archive must be readable by pg_restore, the Postgres counterpart of an integrity check.
      await runTool('pg_restore', ['--list', dest], env).catch((err: CliError) => {
        throw new CliError(`the dump of "${module}" cannot be read back: ${err.message}`);
      });
      fsyncPath(dest);
      entries.push({ name: module, file, migrations: await readMigrations(client, module), rowCounts: await rowCounts(client, module) });
      progress(`  ${module}: dumped schema "${module}"`);
    }
    await client.query('commit');
    return { entries, info: { pgDumpVersion: tool.version, pgDumpMajor: tool.major, serverVersion: server.version } };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Objects in a schema, or null when it does not exist. */
async function objectsIn(client: pg.Client, schema: string): Promise<number | null> {
  const r = await client.query<{ n: string | null }>(
    `select (select count(*) from pg_class c where c.relnamespace = n.oid)
          + (select count(*) from pg_proc p where p.pronamespace = n.oid)
          + (select count(*) from pg_type t where t.typnamespace = n.oid and t.typrelid = 0 and t.typelem = 0) as n
       from pg_namespace n where n.nspname = $1`,
    [schema],
  );
  return r.rowCount === 0 ? null : Number(r.rows[0]!.n);
}

/** A restore never mixes a snapshot with live data: every module schema must be missing or empty. */
export async function checkPostgresTarget(url: string, modules: readonly string[]): Promise<void> {
  const client = await connect(url);
  try {
    for (const m of modules) {
      const n = await objectsIn(client, m);
      if (n !== null && n > 0) {
        throw new CliError(
          `schema "${m}" in ${redactUrl(url)} is not empty (${n} objects): restore only into a database where the module schemas are missing or empty. ` +
            'Stop Bilik, create a new database (createdb), point DATABASE_URL at it, then run restore again.',
        );
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
}

export async function restorePostgres(url: string, backupDir: string, manifest: Manifest, progress: (line: string) => void): Promise<void> {
  const tool = requireTool('pg_restore');
  const dumpMajor = manifest.postgres?.pgDumpMajor ?? 0;
  if (tool.major < dumpMajor) {
    throw new CliError(`pg_restore ${tool.version} cannot read archives written by pg_dump ${manifest.postgres?.pgDumpVersion}: install postgresql-client-${dumpMajor} (or newer) and put it first on PATH`);
  }
  const { dbname, env } = libpqTarget(url);
  const client = await connect(url);
  const restored: string[] = [];
  try {
    for (const entry of manifest.modules) {
      // The archive creates the schema itself; an empty one left by an earlier start would collide. RESTRICT: only if empty.
      await client.query(`drop schema if exists ${ident(entry.name)} restrict`);
      await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, path.join(backupDir, entry.file)], env);
      restored.push(entry.name);
      checkMigrations(entry.name, entry.migrations, await readMigrations(client, entry.name));
      // The manifest's counts come from the dump's own snapshot, so they must match exactly.
      const counts = await rowCounts(client, entry.name);
      const off = Object.entries(entry.rowCounts).filter(([t, n]) => counts[t] !== n);
      if (off.length > 0) throw new CliError(`module "${entry.name}": restored row counts differ from the backup's (${off.map(([t, n]) => `${t}: ${counts[t] ?? 'missing'} ≠ ${n}`).join(', ')})`);
      // Fresh planner statistics, so the first searches on the restored clinic use their indexes.
      for (const t of await tablesOf(client, entry.name)) await client.query(`analyze ${ident(entry.name)}.${ident(t)}`);
      progress(`  ${entry.name}: restored schema "${entry.name}"`);
    }
  } catch (err) {
    // These schemas were missing or empty before this run: dropping them leaves the database as it was.
    for (const m of restored) await client.query(`drop schema if exists ${ident(m)} cascade`).catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
