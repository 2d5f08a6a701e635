// Staff administration: list, create, deactivate; and "who am I".
import { BilikError, notFound, validate, type Handler } from '../../../kernel/index.js';
import { StaffErrors } from '../errors.js';
import { createUserBody } from '../schemas.js';
import { getUser, insertUser, listUsers as queryUsers } from '../users.js';

export const listUsers: Handler = async (_input, ctx) => {
  const items = await queryUsers(ctx.db);
  return { data: { items } };
};

export const createUser: Handler = async (input, ctx) => {
  const body = validate(createUserBody, input.body, { form: input.form });
  const user = await insertUser(ctx.db, body);
  ctx.log.info({ userId: user.id, by: ctx.user?.id }, 'staff user created');
  return { status: 201, data: user, redirect: '/staff' };
};

export const deactivateUser: Handler = async (input, ctx) => {
  const id = Number(input.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  if (id === ctx.user?.id) throw new BilikError(StaffErrors.CANNOT_DEACTIVATE_SELF);
  const user = await getUser(ctx.db, id);
  if (!user) throw new BilikError(StaffErrors.USER_NOT_FOUND);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ active: 0, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    // Sessions and tokens end at once, here and (via the kernel cache) on this replica.
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await trx.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
  });
  ctx.log.info({ userId: id, by: ctx.user?.id }, 'staff user deactivated');
  return { data: { ...user, active: false }, redirect: '/staff', effects: { revokeUsers: [id] } };
};

export const me: Handler = (_input, ctx) => {
  const u = ctx.user!;
  return { data: { id: u.id, username: u.username, fullName: u.fullName, roles: u.roles, permissions: u.permissions } };
};
