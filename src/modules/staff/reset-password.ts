// The operator's way back in: `bilik admin reset-password <user>` calls this
// contract function through a kernel started without HTTP. It runs in the staff
// worker like every other staff write, so the hash, the policy and the tables
// stay this module's own business.
import { z } from 'zod';
import { BilikError, KernelErrors, validate, type ContractFn } from '../../kernel/index.js';
import { clearUserFailures } from './throttle.js';
import { StaffErrors } from './errors.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { usernameSchema } from './schemas.js';

const resetPasswordArgs = z
  .object({ username: usernameSchema, password: z.string().max(200) })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, v.username);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export interface ResetPasswordResult {
  userId: number;
  username: string;
  active: boolean;
  sessionsEnded: number;
}

/**
 * Sets a new password for a staff account, ends its sessions, revokes its API
 * tokens and lifts its login lock: a reset usually means the old secret is lost
 * or leaked. Only a caller acting with staff:manage may do it.
 */
export const resetPassword: ContractFn = async (args: unknown, ctx): Promise<ResetPasswordResult> => {
  if (!ctx.user?.permissions.includes('staff:manage')) throw new BilikError(KernelErrors.FORBIDDEN);
  const { username, password } = validate(resetPasswordArgs, args);
  const user = await ctx.db.selectFrom('users').select(['id', 'active']).where('username', '=', username).executeTakeFirst();
  if (!user) throw new BilikError(StaffErrors.USER_NOT_FOUND);
  const id = Number(user.id);
  const hash = await hashPassword(password);
  const now = new Date().toISOString();
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', id).execute();
    const sessions = await trx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    await clearUserFailures(trx, username);
    return Number(sessions.numDeletedRows);
  });
  ctx.log.info({ userId: id, by: ctx.user.id }, 'staff password reset');
  return { userId: id, username, active: Number(user.active) === 1, sessionsEnded: ended };
};
