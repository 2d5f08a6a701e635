// What other modules (and the kernel's auth gate) may ask of staff.
import { ROLES, isLocale, type ContractFn } from '../../kernel/index.js';
import { verifySession, verifyToken } from './credentials.js';
import { resetPassword } from './reset-password.js';

export const contract: Record<string, ContractFn> = {
  verifySession: (args: { sessionId: string }, ctx) => verifySession(ctx.db, args?.sessionId),
  verifyToken: (args: { token: string }, ctx) => verifyToken(ctx.db, args?.token),
  /** The language switch: saves a staff member's preference. */
  setLocale: async (args: { userId: number; locale: string }, ctx) => {
    if (!Number.isSafeInteger(args?.userId) || !isLocale(args?.locale)) return { saved: false };
    await ctx.db.updateTable('users').set({ locale: args.locale, updated_at: new Date().toISOString() }).where('id', '=', args.userId).execute();
    return { saved: true };
  },
  /** Active staff holding one role, by name: doctor pickers and schedules. */
  listStaff: async (args: { role: string }, ctx) => {
    const role = args?.role;
    if (!(ROLES as readonly string[]).includes(role)) return [];
    const rows = await ctx.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.full_name'])
      .where('user_roles.role', '=', role)
      .where('users.active', '=', 1)
      .orderBy('users.full_name')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), fullName: r.full_name as string }));
  },
  /** Display names for ids held by other modules (e.g. "registered by"). */
  getUserSummaries: async (args: { ids: number[] }, ctx) => {
    const ids = (Array.isArray(args?.ids) ? args.ids : []).filter((n) => Number.isSafeInteger(n)).slice(0, 100);
    if (ids.length === 0) return [];
    const rows = await ctx.db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: Number(r.id), fullName: r.full_name as string }));
  },
  /** `bilik admin reset-password <user>` (staff:manage only). */
  resetPassword,
};
