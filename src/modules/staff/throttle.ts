// Login throttling per username and per client address, kept in the staff
// database so every replica sees the same counts.
import type { Kysely } from 'kysely';

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

export async function recordFailure(db: Kysely<any>, username: string, ip: string, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { key, kind } of throttleKeys(username, ip)) {
      const rule = THROTTLE[kind];
      const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || now - Number(row.window_start) > rule.windowMs;
      const failures = fresh ? 1 : Number(row.failures) + 1;
      const lockedUntil = failures >= rule.max ? now + rule.lockMs : Number(row?.locked_until ?? 0);
      if (row) {
        await trx.updateTable('login_throttle').set({ failures, window_start: fresh ? now : Number(row.window_start), locked_until: lockedUntil }).where('key', '=', key).execute();
      } else {
        await trx.insertInto('login_throttle').values({ key, failures, window_start: now, locked_until: lockedUntil }).execute();
      }
    }
  });
}

export async function clearUserFailures(db: Kysely<any>, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', `u:${username.toLowerCase()}`).execute();
}
