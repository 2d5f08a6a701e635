// manifest.json: what a snapshot holds and how to prove it is intact. It is the
// last file written before the temp folder is renamed, so a folder without one
// is never a complete backup. Restore trusts nothing it cannot check here.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ModuleManifest } from '../types.js';
import { CliError, fileSize, fsyncPath, sha256File, usageError } from './common.js';

export const MANIFEST_FILE = 'manifest.json';
export const FORMAT_VERSION = 1;

const moduleEntry = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** A bare file name inside the snapshot folder (never a path: a manifest must not point elsewhere). */
  file: z.string().regex(/^[a-z][a-z0-9_]*\.(sqlite|pgdump)$/),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  migrations: z.array(z.string()),
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
});

const manifestSchema = z.object({
  format: z.literal('bilik-backup'),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  backend: z.enum(['sqlite', 'postgres']),
  /** Where it came from, for humans (a Postgres URL without its password). */
  source: z.string(),
  /** Postgres only: tool and server versions, so restore can check its pg_restore can read the archive. */
  postgres: z.object({ pgDumpVersion: z.string(), pgDumpMajor: z.number().int(), serverVersion: z.string() }).optional(),
  modules: z.array(moduleEntry).min(1),
});

export type ModuleEntry = z.infer<typeof moduleEntry>;
export type Manifest = z.infer<typeof manifestSchema>;
export type Backend = Manifest['backend'];

/** 2026-11-21T23:15:00.123Z → bilik-backup-20261121T231500Z: sorts by time, safe on every filesystem. */
export function snapshotName(at: Date): string {
  return `bilik-backup-${at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}`;
}

export async function describeFile(dir: string, entry: Omit<ModuleEntry, 'bytes' | 'sha256'>): Promise<ModuleEntry> {
  const file = path.join(dir, entry.file);
  // Key order is the manifest's reading order: what, how big, its checksum, then the details.
  return { name: entry.name, file: entry.file, bytes: fileSize(file), sha256: await sha256File(file), migrations: entry.migrations, rowCounts: entry.rowCounts };
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  fsyncPath(file);
}

/** Reads and validates a snapshot's manifest; every problem is a CliError naming the folder or field. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(`${dir} is not a complete Bilik backup: it has no ${MANIFEST_FILE} (an interrupted backup never has one)`);
    }
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new CliError(`${file} is not valid JSON: the backup is damaged`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file} is not a Bilik backup manifest (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  if (parsed.data.formatVersion > FORMAT_VERSION) {
    throw new CliError(`${file} has format version ${parsed.data.formatVersion}; this Bilik reads up to ${FORMAT_VERSION}: restore with a newer Bilik`);
  }
  return parsed.data;
}

/** Size and sha256 of every module file, before anything is written anywhere. The first mismatch names its file. */
export async function verifyChecksums(dir: string, manifest: Manifest): Promise<void> {
  for (const m of manifest.modules) {
    const file = path.join(dir, m.file);
    if (!fs.existsSync(file)) throw new CliError(`${file} is missing from the backup`);
    const bytes = fileSize(file);
    if (bytes !== m.bytes) throw new CliError(`${file} is damaged: ${bytes} bytes, the manifest says ${m.bytes}`);
    const sha = await sha256File(file);
    if (sha !== m.sha256) throw new CliError(`${file} is damaged: its sha256 does not match the manifest (got ${sha}, want ${m.sha256})`);
  }
}

/**
 * The snapshot must fit this build: same backend as the configuration, the same
 * set of modules (a missing one would start empty, e.g. with no staff accounts),
 * and no migration this build does not know (it could not run on that schema).
 */
export function checkCompatible(manifest: Manifest, backend: Backend, modules: readonly ModuleManifest[]): void {
  if (manifest.backend !== backend) {
    const how = backend === 'postgres' ? 'unset DATABASE_URL to restore into DATA_DIR' : 'set DATABASE_URL to the Postgres database to restore into';
    throw usageError(`this backup is of a ${manifest.backend} installation but the configuration uses ${backend}: ${how}`);
  }
  const known = new Map(modules.map((m) => [m.name, new Set(m.migrations.map((x) => x.name))]));
  const inBackup = new Set(manifest.modules.map((m) => m.name));
  for (const name of known.keys()) {
    if (!inBackup.has(name)) throw new CliError(`the backup has no data for module "${name}", which this Bilik runs: it was made by a different setup`);
  }
  const ext = backend === 'sqlite' ? 'sqlite' : 'pgdump';
  for (const m of manifest.modules) {
    // One file per module, named after it: a manifest cannot point a module at another module's data.
    if (m.file !== `${m.name}.${ext}`) throw new CliError(`the manifest names ${m.file} for module "${m.name}"; expected ${m.name}.${ext}: the backup is damaged`);
    const migrations = known.get(m.name);
    if (!migrations) throw new CliError(`the backup holds module "${m.name}", which this Bilik does not run`);
    const unknown = m.migrations.filter((x) => !migrations.has(x));
    if (unknown.length > 0) {
      throw new CliError(`module "${m.name}" in the backup has migrations this Bilik does not know (${unknown.join(', ')}): restore with the Bilik that made it (${manifest.app.version}) or a newer one`);
    }
  }
}

/** After a restore: the database must hold exactly the migration history the snapshot recorded. */
export function checkMigrations(module: string, want: readonly string[], got: readonly string[]): void {
  if (want.length !== got.length || want.some((w, i) => w !== got[i])) {
    throw new CliError(`module "${module}": restored migrations [${got.join(', ')}] differ from the backup's [${want.join(', ')}]`);
  }
}
