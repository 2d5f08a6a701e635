// POST /api/v1/auth/token issues a bearer token; POST /api/v1/auth/logout revokes the one in use.
import { validate, type Handler } from '../../../kernel/index.js';
import { createToken, hashSecret } from '../credentials.js';
import { tokenBody } from '../schemas.js';
import { authenticate } from './authenticate.js';

export const issueToken: Handler = async (input, ctx) => {
  const body = validate(tokenBody, input.body);
  const userId = await authenticate(ctx.db, body.username, body.password, input.clientIp);
  const token = await createToken(ctx.db, userId, ctx.settings.tokenTtlHours);
  ctx.log.info({ userId }, 'api token issued');
  return { data: token };
};

export const revokeToken: Handler = async (input, ctx) => {
  if (input.token) {
    await ctx.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id_hash', '=', hashSecret(input.token)).execute();
  }
  return { status: 200, data: { revoked: Boolean(input.token) }, effects: input.token ? { revokeTokens: [input.token] } : {} };
};
