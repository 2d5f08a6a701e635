// `backup <dir>`: a consistent snapshot of every module, taken next to the
// running app, written into a hidden temp folder and renamed into place only
// when every file is copied, checked, checksummed and synced. A crash halfway
// leaves a `.bilik-backup-….partial-*` folder that never looks like a backup.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { ModuleManifest } from '../types.js';
import { CliError, describeEntries, formatBytes, fsyncDir, listDir, redactUrl, removeOwnDir, say, usageError } from './common.js';
import { FORMAT_VERSION, describeFile, snapshotName, writeManifest, type Manifest, type ModuleEntry } from './manifest.js';
import { backupPostgres, type PostgresBackupInfo } from './postgres-backend.js';
import { backupSqliteModule } from './sqlite-backend.js';

export interface BackupOptions {
  config: Config;
  modules: readonly ModuleManifest[];
  version: string;
  now?: Date;
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Returns the snapshot folder it wrote. */
export async function runBackup(target: string, opts: BackupOptions): Promise<string> {
  const { config } = opts;
  const parent = path.resolve(target);
  const backend = config.DATABASE_URL ? 'postgres' : 'sqlite';
  // A backup inside DATA_DIR dies with that disk and would block a restore into the folder.
  if (backend === 'sqlite' && inside(parent, config.dataDir)) throw usageError(`${parent} is inside DATA_DIR (${config.dataDir}): write backups to another folder, ideally another disk`);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new CliError(`cannot create ${parent}: ${(err as Error).message}`);
  }
  const createdAt = opts.now ?? new Date();
  const name = snapshotName(createdAt);
  const finalDir = path.join(parent, name);
  const existing = listDir(finalDir);
  if (existing.length > 0) throw new CliError(`${finalDir} already exists and is not empty (${describeEntries(existing)}): refusing to write into it`);

  const tmp = fs.mkdtempSync(path.join(parent, `.${name}.partial-`));
  try {
    // Reverse start order: callers (patients) before callees (staff), so an id a
    // later module holds points at a row that already existed when the earlier one was copied.
    const order = [...opts.modules].reverse().map((m) => m.name);
    say(`Backing up ${order.length} modules (${backend}) into ${finalDir}`);
    let described: Array<Omit<ModuleEntry, 'bytes' | 'sha256'>>;
    let postgres: PostgresBackupInfo | undefined;
    if (backend === 'sqlite') {
      described = [];
      for (const m of order) {
        described.push(await backupSqliteModule(config.dataDir, m, tmp));
        say(`  ${m}: copied ${m}.sqlite, integrity ok`);
      }
    } else {
      const r = await backupPostgres(config.DATABASE_URL!, order, tmp, say);
      described = r.entries;
      postgres = r.info;
    }
    const byName = new Map(described.map((d) => [d.name, d]));
    const modules: ModuleEntry[] = [];
    for (const m of opts.modules) modules.push(await describeFile(tmp, byName.get(m.name)!));
    const manifest: Manifest = {
      format: 'bilik-backup',
      formatVersion: FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      app: { name: 'bilik', version: opts.version },
      backend,
      source: backend === 'sqlite' ? config.dataDir : redactUrl(config.DATABASE_URL!),
      ...(postgres && { postgres }),
      modules,
    };
    // The manifest is written last: its presence is what makes the folder a backup.
    writeManifest(tmp, manifest);
    fsyncDir(tmp);
    try {
      // rename(2) replaces an empty folder and refuses a non-empty one, so a racing backup cannot be overwritten.
      fs.renameSync(tmp, finalDir);
    } catch (err) {
      throw new CliError(`cannot move the finished backup to ${finalDir}: ${(err as Error).message}`);
    }
    fsyncDir(parent);
    for (const m of modules) {
      const rows = Object.values(m.rowCounts).reduce((a, b) => a + b, 0);
      say(`  ${m.name}: ${m.file} ${formatBytes(m.bytes)}, ${rows} rows, migrations ${m.migrations.join(', ') || 'none'}, sha256 ${m.sha256.slice(0, 12)}…`);
    }
    return finalDir;
  } catch (err) {
    removeOwnDir(tmp);
    throw err;
  }
}
