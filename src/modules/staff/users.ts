// Staff account queries. Roles live in their own table; a user's permissions are
// the union of their roles' permissions (computed by the kernel from manifests).
import type { Kysely } from 'kysely';
import { BilikError, isUniqueViolation, type Role } from '../../kernel/index.js';
import { StaffErrors } from './errors.js';
import { hashPassword } from './passwords.js';
import type { UserOut } from './schemas.js';

interface UserRow {
  id: number;
  username: string;
  full_name: string;
  active: number;
  created_at: string;
}

export async function rolesOf(db: Kysely<any>, ids: number[]): Promise<Map<number, Role[]>> {
  const out = new Map<number, Role[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).orderBy('role').execute();
  for (const r of rows) {
    const list = out.get(Number(r.user_id)) ?? [];
    list.push(r.role as Role);
    out.set(Number(r.user_id), list);
  }
  return out;
}

function toUser(row: UserRow, roles: Role[]): UserOut {
  return { id: Number(row.id), username: row.username, fullName: row.full_name, roles, active: Number(row.active) === 1, createdAt: row.created_at };
}

export async function listUsers(db: Kysely<any>): Promise<UserOut[]> {
  // Bounded: a clinic has tens of staff, never thousands.
  const rows = (await db.selectFrom('users').select(['id', 'username', 'full_name', 'active', 'created_at']).orderBy('username').limit(1000).execute()) as UserRow[];
  const roles = await rolesOf(db, rows.map((r) => Number(r.id)));
  return rows.map((r) => toUser(r, roles.get(Number(r.id)) ?? []));
}

export async function getUser(db: Kysely<any>, id: number): Promise<UserOut | null> {
  const row = (await db.selectFrom('users').select(['id', 'username', 'full_name', 'active', 'created_at']).where('id', '=', id).executeTakeFirst()) as UserRow | undefined;
  if (!row) return null;
  const roles = await rolesOf(db, [id]);
  return toUser(row, roles.get(id) ?? []);
}

export async function countUsers(db: Kysely<any>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(db: Kysely<any>, u: { username: string; fullName: string; password: string; roles: Role[] }): Promise<UserOut> {
  const hash = await hashPassword(u.password);
  const now = new Date().toISOString();
  const taken = () => new BilikError(StaffErrors.USERNAME_TAKEN, { fields: { username: 'error.STAFF_USERNAME_TAKEN' } });
  const insert = db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (exists) throw taken();
    const row = await trx
      .insertInto('users')
      .values({ username: u.username, full_name: u.fullName, password_hash: hash, active: 1, created_at: now, updated_at: now })
      .returning(['id', 'username', 'full_name', 'active', 'created_at'])
      .executeTakeFirstOrThrow();
    const roles = [...new Set(u.roles)].sort();
    await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: row.id, role }))).execute();
    return toUser(row as UserRow, roles);
  });
  // The unique index settles a race the pre-check cannot see (two admins, two replicas).
  return insert.catch((err: unknown) => {
    throw isUniqueViolation(err, 'username') ? taken() : err;
  });
}
