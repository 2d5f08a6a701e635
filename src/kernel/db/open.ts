// A module's own database handle, opened inside its worker.
// SQLite (default): one file per module, WAL, busy_timeout, each worker its own
// connection. Postgres (DATABASE_URL): one schema per module (search_path), one
// small pg pool per worker sized from the module's bulkhead, bounded waits.
// Query timings are collected per task (AsyncLocalStorage) and shipped back to
// the kernel with the result.
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type LogEvent, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../worker/protocol.js';

export interface Timing {
  op: string;
  ms: number;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface ModuleDb {
  kind: 'sqlite' | 'postgres';
  db: Kysely<any>;
  /** Postgres schema of the module (its search_path). */
  schema?: string;
  pool?: () => PoolStats;
  close(): Promise<void>;
}

/** The current task's query timings; set by the worker host around each task. */
export const queryTimings = new AsyncLocalStorage<Timing[]>();

const OPS = new Set(['select', 'insert', 'update', 'delete', 'with']);

/** Bounded label: the statement's verb, never the SQL text (it could hold patient data). */
export function operationOf(sql: string): string {
  const verb = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  return OPS.has(verb) ? verb : 'other';
}

function log(event: LogEvent): void {
  const timings = queryTimings.getStore();
  if (timings && timings.length < 200) timings.push({ op: operationOf(event.query.sql), ms: event.queryDurationMillis });
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

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE). A
 * deferred transaction that reads and then writes cannot wait for the lock:
 * when another worker wrote in between, SQLite fails it at once with
 * SQLITE_BUSY(_SNAPSHOT) instead of honouring busy_timeout. Module
 * transactions exist to write, so taking the lock up front makes concurrent
 * writers queue (busy_timeout) instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: SqliteDialectConfig) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}

// int8 (counts, bigint columns) as numbers: ids and epoch-ms values stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function openModuleDb(cfg: DbConfig, module: string): ModuleDb {
  if (cfg.kind === 'sqlite') {
    const sqlite = openSqlite(cfg.file, cfg.synchronous);
    const db = new Kysely<any>({ dialect: new ImmediateSqliteDialect({ database: sqlite }), log });
    return { kind: 'sqlite', db, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: cfg.poolMax,
    // A full pool makes callers wait at most this long; then the module answers 503.
    connectionTimeoutMillis: cfg.waitMs,
    idleTimeoutMillis: 30_000,
    // The server cancels a statement that outlives the module's deadline, which
    // SQLite cannot do; the kernel gives up at the same moment.
    statement_timeout: cfg.statementTimeoutMs,
    application_name: `bilik-${module}`,
    options: `-c search_path=${cfg.schema}`,
  });
  // An idle client that loses its server must not crash the worker.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log });
  return {
    kind: 'postgres',
    db,
    schema: cfg.schema,
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}
