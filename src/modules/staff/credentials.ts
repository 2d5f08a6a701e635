// Sessions and API tokens. The client holds a random secret; the database holds
// its SHA-256, so verification is one indexed lookup and a leaked copy of the
// database cannot be replayed.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isLocale, type Locale, type Role } from '../../kernel/index.js';
import { rolesOf } from './users.js';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface Verified {
  user: { id: number; username: string; fullName: string; roles: Role[]; locale: Locale | null };
  csrf?: string;
}

export async function createSession(db: Kysely<any>, userId: number, ttlHours: number, previous?: string): Promise<{ id: string; maxAgeSec: number }> {
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const maxAgeSec = ttlHours * 3600;
  await db.transaction().execute(async (trx) => {
    // Rotation: the pre-login session (if any) ends as the new one begins.
    if (previous) await trx.deleteFrom('sessions').where('id_hash', '=', hashSecret(previous)).execute();
    await trx.deleteFrom('sessions').where('expires_at', '<', Date.now()).execute();
    await trx
      .insertInto('sessions')
      .values({ id_hash: hashSecret(id), user_id: userId, csrf, created_at: new Date().toISOString(), expires_at: Date.now() + maxAgeSec * 1000 })
      .execute();
  });
  return { id, maxAgeSec };
}

export async function createToken(db: Kysely<any>, userId: number, ttlHours: number): Promise<{ token: string; expiresAt: string }> {
  const token = `blk_${randomBytes(32).toString('base64url')}`;
  const expires = Date.now() + ttlHours * 3600 * 1000;
  await db.insertInto('api_tokens').values({ id_hash: hashSecret(token), user_id: userId, created_at: new Date().toISOString(), expires_at: expires }).execute();
  return { token, expiresAt: new Date(expires).toISOString() };
}

async function activeUser(db: Kysely<any>, userId: number): Promise<Verified['user'] | null> {
  const u = await db.selectFrom('users').select(['id', 'username', 'full_name', 'locale']).where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  if (!u) return null;
  const roles = await rolesOf(db, [userId]);
  return { id: Number(u.id), username: u.username, fullName: u.full_name, roles: roles.get(userId) ?? [], locale: isLocale(u.locale) ? u.locale : null };
}

export async function verifySession(db: Kysely<any>, sessionId: string): Promise<Verified | null> {
  if (typeof sessionId !== 'string' || sessionId.length > 100) return null;
  const s = await db.selectFrom('sessions').select(['user_id', 'csrf', 'expires_at']).where('id_hash', '=', hashSecret(sessionId)).executeTakeFirst();
  if (!s || Number(s.expires_at) < Date.now()) return null;
  const user = await activeUser(db, Number(s.user_id));
  return user ? { user, csrf: s.csrf } : null;
}

export async function verifyToken(db: Kysely<any>, token: string): Promise<Verified | null> {
  if (typeof token !== 'string' || token.length > 100) return null;
  const t = await db.selectFrom('api_tokens').select(['user_id', 'expires_at', 'revoked_at']).where('id_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!t || t.revoked_at || Number(t.expires_at) < Date.now()) return null;
  const user = await activeUser(db, Number(t.user_id));
  return user ? { user } : null;
}
