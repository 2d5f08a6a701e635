// Internal auth for split mode: the gateway (or any process calling a module
// hosted elsewhere) signs each internal request with BILIK_INTERNAL_SECRET; the
// module service verifies it before it runs anything. The signature covers the
// method, the path, a hash of the body, the user context, the deadline and an
// expiry, so none of them can be changed or replayed later without the secret.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type UserContext } from '../types.js';

export const INTERNAL_HEADERS = {
  user: 'x-bilik-user',
  deadline: 'x-bilik-deadline',
  expires: 'x-bilik-expires',
  signature: 'x-bilik-signature',
} as const;

/** How long a signed request stays valid: enough for a queue, too short to be worth replaying. */
export const SIGNATURE_TTL_MS = 30_000;
/** Clocks of two hosts may disagree a little; an expiry further out than TTL + this is refused. */
const CLOCK_SKEW_MS = 5_000;
const NO_USER = '-';

const userSchema = z.object({
  id: z.number().int(),
  username: z.string().max(200),
  fullName: z.string().max(500),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  permissions: z.array(z.string().max(200)).max(1000),
  role: z.enum(ROLES).optional(),
  locale: z.enum(['id', 'en']).nullable().optional(),
});

export interface SignInput {
  method: string;
  /** The path on the callee, without query (e.g. /_internal/v1/patients/task). */
  path: string;
  body: string | Buffer;
  user: UserContext | null;
  deadline: number;
}

function canonical(method: string, path: string, bodyHash: string, user: string, deadline: string, expires: string): string {
  return ['bilik-internal-v1', method.toUpperCase(), path, bodyHash, user, deadline, expires].join('\n');
}

function mac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

export function bodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The headers that carry (and sign) the user context, deadline and expiry of one internal request. */
export function signRequest(secret: string, input: SignInput, now = Date.now()): Record<string, string> {
  const user = input.user ? Buffer.from(JSON.stringify(input.user)).toString('base64url') : NO_USER;
  const deadline = String(Math.floor(input.deadline));
  const expires = String(now + SIGNATURE_TTL_MS);
  const sig = mac(secret, canonical(input.method, input.path, bodyHash(input.body), user, deadline, expires)).toString('base64url');
  return {
    [INTERNAL_HEADERS.user]: user,
    [INTERNAL_HEADERS.deadline]: deadline,
    [INTERNAL_HEADERS.expires]: expires,
    [INTERNAL_HEADERS.signature]: `v1=${sig}`,
  };
}

export type Verified = { ok: true; user: UserContext | null; deadline: number } | { ok: false; reason: string };

export interface VerifyInput {
  method: string;
  path: string;
  body: string | Buffer;
  header(name: string): string | undefined;
}

const INT = /^\d{1,16}$/;

/** Checks one internal request; the reason is for the callee's log only (the caller just sees 401). */
export function verifyRequest(secret: string, req: VerifyInput, now = Date.now()): Verified {
  const user = req.header(INTERNAL_HEADERS.user);
  const deadline = req.header(INTERNAL_HEADERS.deadline);
  const expires = req.header(INTERNAL_HEADERS.expires);
  const signature = req.header(INTERNAL_HEADERS.signature);
  if (!user || !deadline || !expires || !signature) return { ok: false, reason: 'unsigned' };
  if (!INT.test(deadline) || !INT.test(expires) || (user !== NO_USER && !/^[A-Za-z0-9_-]+$/.test(user))) return { ok: false, reason: 'malformed' };
  if (!signature.startsWith('v1=')) return { ok: false, reason: 'unknown signature version' };
  const expected = mac(secret, canonical(req.method, req.path, bodyHash(req.body), user, deadline, expires));
  const given = Buffer.from(signature.slice(3), 'base64url');
  // Constant time: the comparison never tells how much of a forged signature was right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  const exp = Number(expires);
  if (exp < now) return { ok: false, reason: 'expired' };
  if (exp > now + SIGNATURE_TTL_MS + CLOCK_SKEW_MS) return { ok: false, reason: 'expiry too far ahead' };
  if (user === NO_USER) return { ok: true, user: null, deadline: Number(deadline) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(user, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed user' };
  }
  const u = userSchema.safeParse(parsed);
  if (!u.success) return { ok: false, reason: 'malformed user' };
  return { ok: true, user: u.data as UserContext, deadline: Number(deadline) };
}
