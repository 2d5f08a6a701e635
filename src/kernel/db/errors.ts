// Database conditions that are the module's health, not a bug in a handler:
// they answer like any other module fault (503 with Retry-After, or 504), so a
// full pool or a lost server never hangs a request or shows as a 500.
import { BilikError, KernelErrors } from '../errors.js';

/** Database conditions that are the module's health, not a bug: answered as 503/504 like any other module fault. */
export function databaseError(err: unknown): BilikError | null {
  const e = err as { code?: string; message?: string } | null;
  if (!e || typeof e !== 'object') return null;
  if (typeof e.message === 'string' && e.message.includes('timeout exceeded when trying to connect')) {
    return new BilikError(KernelErrors.MODULE_OVERLOADED, { retryAfterSec: 1 });
  }
  if (e.code === '57014') return new BilikError(KernelErrors.MODULE_TIMEOUT); // statement_timeout
  // SQLITE_BUSY and its extended codes (…_SNAPSHOT, …_TIMEOUT), SQLITE_LOCKED.
  if (typeof e.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(e.code)) return new BilikError(KernelErrors.MODULE_OVERLOADED, { retryAfterSec: 1 });
  if (e.code === 'ECONNREFUSED' || e.code === '57P01' || e.code === '57P03' || e.code === '53300') {
    return new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
  }
  return null;
}

/**
 * True when `err` is a unique-constraint violation from SQLite (better-sqlite3) or
 * Postgres (pg) on a column whose name contains `column`. A pre-check cannot
 * see a concurrent insert (two clerks registering the same NIK, two admins the
 * same username): only the database's unique index tells them apart.
 */
export function isUniqueViolation(err: unknown, column: string): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return typeof e.message === 'string' && e.message.includes(column);
  }
  if (e.code === '23505') {
    const text = `${String(e.constraint ?? '')} ${String(e.detail ?? '')}`;
    return text.includes(column);
  }
  return false;
}
