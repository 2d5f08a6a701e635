// `restore <backup-dir>`: everything that can be checked is checked before the
// first byte is written: the manifest, that the snapshot fits this build and
// backend, every file's size and sha256, and that the target holds no data.
// Only then are the files copied (SQLite) or pg_restore'd (Postgres), and the
// restored migration history compared with the manifest's.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { ModuleManifest } from '../types.js';
import { CliError, redactUrl, say } from './common.js';
import { checkCompatible, readManifest, verifyChecksums, type Manifest } from './manifest.js';
import { checkPostgresTarget, restorePostgres } from './postgres-backend.js';
import { checkSqliteTarget, restoreSqlite } from './sqlite-backend.js';

export interface RestoreOptions {
  config: Config;
  modules: readonly ModuleManifest[];
}

export interface RestoreResult {
  manifest: Manifest;
  target: string;
}

/** "patients 1204, patient_name_tokens 2710": the numbers a clinic recognises, without Bilik's own bookkeeping tables. */
function describeRows(counts: Record<string, number>): string {
  const rows = Object.entries(counts).filter(([t]) => !t.startsWith('bilik_'));
  return rows.length > 0 ? rows.map(([t, n]) => `${t} ${n}`).join(', ') : 'no tables';
}

export async function runRestore(source: string, opts: RestoreOptions): Promise<RestoreResult> {
  const { config } = opts;
  const dir = path.resolve(source);
  if (!fs.existsSync(dir)) throw new CliError(`${dir} does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder: give the bilik-backup-… folder the backup printed`);
  const manifest = readManifest(dir);
  const backend = config.DATABASE_URL ? 'postgres' : 'sqlite';
  checkCompatible(manifest, backend, opts.modules);

  say(`Checking ${manifest.modules.length} files of the backup made ${manifest.createdAt} by Bilik ${manifest.app.version}`);
  await verifyChecksums(dir, manifest);
  say('  checksums ok');

  const names = manifest.modules.map((m) => m.name);
  const target = backend === 'sqlite' ? config.dataDir : redactUrl(config.DATABASE_URL!);
  if (backend === 'sqlite') checkSqliteTarget(config.dataDir);
  else await checkPostgresTarget(config.DATABASE_URL!, names);

  say(`Restoring into ${target}`);
  if (backend === 'sqlite') await restoreSqlite(config.dataDir, dir, manifest);
  else await restorePostgres(config.DATABASE_URL!, dir, manifest, say);
  for (const m of manifest.modules) say(`  ${m.name}: ${describeRows(m.rowCounts)}; migrations ${m.migrations.join(', ') || 'none'} (as in the backup)`);
  return { manifest, target };
}
