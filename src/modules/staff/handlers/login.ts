// GET /login shows the form; POST /login verifies, rotates the session and redirects.
import { validate, type Handler } from '../../../kernel/index.js';
import { createSession, hashSecret } from '../credentials.js';
import { loginBody } from '../schemas.js';
import { authenticate, safeNext } from './authenticate.js';

export const loginPage: Handler = (input, ctx) => {
  const next = safeNext(input.query.next);
  if (ctx.user) return { redirect: next };
  return { data: { values: { next }, errors: {} } };
};

export const login: Handler = async (input, ctx) => {
  const body = validate(loginBody, input.body, { form: input.form });
  const userId = await authenticate(ctx.db, body.username, body.password, input.clientIp);
  const session = await createSession(ctx.db, userId, ctx.settings.sessionTtlHours, input.sessionId);
  ctx.log.info({ userId }, 'login');
  return {
    redirect: safeNext(body.next),
    effects: { setSession: session, ...(input.sessionId && { revokeSessions: [input.sessionId] }) },
  };
};

export const logout: Handler = async (input, ctx) => {
  if (input.sessionId) {
    await ctx.db.deleteFrom('sessions').where('id_hash', '=', hashSecret(input.sessionId)).execute();
  }
  return { redirect: '/login', effects: { clearSession: true, ...(input.sessionId && { revokeSessions: [input.sessionId] }) } };
};
