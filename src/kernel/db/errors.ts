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
  if (e.code === 'SQLITE_BUSY') return new BilikError(KernelErrors.MODULE_OVERLOADED, { retryAfterSec: 1 });
  if (e.code === 'ECONNREFUSED' || e.code === '57P01' || e.code === '57P03' || e.code === '53300') {
    return new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
  }
  return null;
}
