// A module's own database handle, opened inside its worker. SQLite: one file per
// module, WAL, busy_timeout, each worker its own connection. Query timings are
// collected per task and shipped back to the kernel with the result.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { WorkerData } from '../worker/protocol.js';

export interface ModuleDb {
  db: Kysely<any>;
  timings: Array<{ op: string; ms: number }>;
  close(): Promise<void>;
}

const OPS = new Set(['select', 'insert', 'update', 'delete', 'with']);

/** Bounded label: the statement's verb, never the SQL text (it could hold patient data). */
export function operationOf(sql: string): string {
  const verb = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  return OPS.has(verb) ? verb : 'other';
}

export function openSqlite(file: string, synchronous: 'NORMAL' | 'FULL'): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a process crash (the
  // WAL is written before commit returns); FULL also survives power loss.
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

export function openModuleDb(cfg: WorkerData['db'], _module: string): ModuleDb {
  const timings: ModuleDb['timings'] = [];
  const sqlite = openSqlite(cfg.file, cfg.synchronous);
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database: sqlite }),
    log(event) {
      if (event.level === 'query' || event.level === 'error') {
        if (timings.length < 200) timings.push({ op: operationOf(event.query.sql), ms: event.queryDurationMillis });
      }
    },
  });
  return {
    db,
    timings,
    close: () => db.destroy(),
  };
}
