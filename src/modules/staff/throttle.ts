// Login throttling per username and per client address, kept in the staff
// database so every replica sees the same counts.
import { sql, type Kysely } from 'kysely';

export const THROTTLE = {
  user: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { max: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export function throttleKeys(username: string, ip: string): Array<{ key: string; kind: keyof typeof THROTTLE }> {
  return [
    { key: `u:${username.toLowerCase()}`, kind: 'user' },
    { key: `ip:${ip || 'unknown'}`, kind: 'ip' },
  ];
}

/** ms until the longest lock among the keys ends, or 0. */
export async function lockedFor(db: Kysely<any>, keys: string[], now = Date.now()): Promise<number> {
  const rows = await db.selectFrom('login_throttle').select(['locked_until']).where('key', 'in', keys).execute();
  return Math.max(0, ...rows.map((r) => Number(r.locked_until) - now));
}

/**
 * One atomic upsert per key: concurrent failed logins (several workers, several
 * replicas) each add exactly one to the count, with no read-then-write window in
 * which two of them could both see the old count.
 */
export async function recordFailure(db: Kysely<any>, username: string, ip: string, now = Date.now()): Promise<void> {
  for (const { key, kind } of throttleKeys(username, ip)) {
    const rule = THROTTLE[kind];
    const expiredBefore = now - rule.windowMs;
    const lockUntil = now + rule.lockMs;
    const fresh = sql`login_throttle.window_start < ${expiredBefore}`;
    const failures = sql`case when ${fresh} then 1 else login_throttle.failures + 1 end`;
    await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, window_start: now, locked_until: rule.max <= 1 ? lockUntil : 0 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures,
          window_start: sql`case when ${fresh} then ${now} else login_throttle.window_start end`,
          locked_until: sql`case when ${failures} >= ${rule.max} then ${lockUntil} else login_throttle.locked_until end`,
        }),
      )
      .execute();
  }
}

export async function clearUserFailures(db: Kysely<any>, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', `u:${username.toLowerCase()}`).execute();
}
