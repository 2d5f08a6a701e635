// Shared by the login form and the token endpoint: throttle, verify, count failures.
import type { Kysely } from 'kysely';
import { BilikError } from '../../../kernel/index.js';
import { StaffErrors } from '../errors.js';
import { verifyPassword } from '../passwords.js';
import { clearUserFailures, lockedFor, recordFailure, throttleKeys } from '../throttle.js';

export async function authenticate(db: Kysely<any>, username: string, password: string, clientIp: string): Promise<number> {
  const keys = throttleKeys(username, clientIp).map((k) => k.key);
  const locked = await lockedFor(db, keys);
  if (locked > 0) {
    const minutes = Math.ceil(locked / 60_000);
    const message = minutes === 1 ? 'staff.login.locked.one' : 'staff.login.locked';
    throw new BilikError(StaffErrors.LOGIN_LOCKED, { message, params: { minutes }, fields: { password: message }, retryAfterSec: Math.ceil(locked / 1000) });
  }
  const row = await db.selectFrom('users').select(['id', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(row && Number(row.active) === 1 ? row.password_hash : null, password);
  if (!ok || !row) {
    await recordFailure(db, username, clientIp);
    throw new BilikError(StaffErrors.LOGIN_FAILED, { fields: { password: 'error.STAFF_LOGIN_FAILED' } });
  }
  await clearUserFailures(db, username);
  return Number(row.id);
}

/** Only same-site paths: never an open redirect to another host. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.slice(0, 500);
}
