// SQLite: one file per module. Backup uses SQLite's online backup API from a
// separate process while the app keeps writing: the copy is a consistent
// snapshot of one committed state, never a torn file. Restore copies files into
// an empty DATA_DIR under temporary names and renames them only once every copy
// has been re-read and matched against the manifest.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CliError, describeEntries, fsyncDir, fsyncPath, listDir, sha256File } from './common.js';
import { checkMigrations, type Manifest, type ModuleEntry } from './manifest.js';

/**
 * better-sqlite3 copies 100 pages per step by default, and SQLite restarts a
 * backup whenever another process writes between steps: under a steady write
 * load it could restart forever. Copying every page in one step holds a WAL
 * read snapshot for that step only, which never blocks the app's writers.
 */
const ALL_PAGES = 0x7fffffff;

type Described = Omit<ModuleEntry, 'bytes' | 'sha256'>;

function readMigrations(db: Database.Database): string[] {
  const has = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'bilik_migrations'").get();
  if (!has) return [];
  return (db.prepare('select name from bilik_migrations order by name').all() as Array<{ name: string }>).map((r) => r.name);
}

function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{ name: string }>;
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  return out;
}

export async function backupSqliteModule(dataDir: string, module: string, destDir: string): Promise<Described> {
  const src = path.join(dataDir, `${module}.sqlite`);
  // Never create an empty database where the operator expected data: a wrong DATA_DIR must fail loudly.
  if (!fs.existsSync(src)) throw new CliError(`no database for module "${module}" at ${src}: is DATA_DIR right? (Bilik creates it on its first start)`);
  const file = `${module}.sqlite`;
  const dest = path.join(destDir, file);
  // A normal connection, not read-only: reading a WAL database needs the shared-memory index.
  const source = new Database(src, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    await source.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new Database(dest, { fileMustExist: true });
  try {
    // The snapshot is one self-contained file (no -wal beside it); the app switches it back to WAL when it opens it.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check') as Array<{ integrity_check: string }>;
    if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
      throw new CliError(`integrity check of the copy of "${module}" failed: ${check.slice(0, 5).map((r) => r.integrity_check).join('; ')}`);
    }
    const described = { name: module, file, migrations: readMigrations(copy), rowCounts: rowCounts(copy) };
    copy.close();
    fsyncPath(dest);
    return described;
  } finally {
    if (copy.open) copy.close();
  }
}

/** A restore never mixes a snapshot with whatever is there: DATA_DIR must be empty or missing. */
export function checkSqliteTarget(dataDir: string): void {
  const entries = listDir(dataDir);
  if (entries.length > 0) {
    throw new CliError(
      `DATA_DIR ${dataDir} is not empty (${describeEntries(entries)}): restore only into an empty or missing folder. ` +
        'Stop Bilik, move the current data aside (keep it until the restored clinic is checked), then run restore again.',
    );
  }
}

export async function restoreSqlite(dataDir: string, backupDir: string, manifest: Manifest): Promise<void> {
  const created = !fs.existsSync(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const written: string[] = [];
  try {
    const staged: Array<{ tmp: string; final: string; entry: ModuleEntry }> = [];
    for (const entry of manifest.modules) {
      const tmp = path.join(dataDir, `.${entry.file}.restoring`);
      written.push(tmp);
      fs.copyFileSync(path.join(backupDir, entry.file), tmp);
      fsyncPath(tmp);
      // Re-read what landed on disk: a bad target disk must not pass for a restore.
      if ((await sha256File(tmp)) !== entry.sha256) throw new CliError(`the copy of ${entry.file} in ${dataDir} does not match the backup: check the disk`);
      staged.push({ tmp, final: path.join(dataDir, entry.file), entry });
    }
    for (const s of staged) {
      fs.renameSync(s.tmp, s.final);
      written.push(s.final);
    }
    fsyncDir(dataDir);
    for (const s of staged) {
      const db = new Database(s.final, { readonly: true, fileMustExist: true });
      try {
        checkMigrations(s.entry.name, s.entry.migrations, readMigrations(db));
      } finally {
        db.close();
      }
    }
  } catch (err) {
    // DATA_DIR was empty before: taking back what we wrote leaves it exactly as it was.
    for (const f of written) fs.rmSync(f, { force: true });
    if (created) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
