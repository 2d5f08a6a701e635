// Who is calling. Sessions and API tokens live in the auth module's database
// (so any replica can verify them); the kernel keeps a short-lived cache so a
// request does not cost a worker round trip, and drops entries at once on
// logout or deactivation (other replicas within the cache TTL).
import { createHash } from 'node:crypto';
import type { Kernel } from '../kernel.js';
import type { ResultEffects, Role, UserContext } from '../types.js';

export interface Principal {
  user: UserContext;
  /** The session's CSRF token; absent for bearer tokens (no ambient credentials, no CSRF). */
  csrf?: string;
  sessionId?: string;
  token?: string;
}

interface Verified {
  user: { id: number; username: string; fullName: string; roles: Role[] };
  csrf?: string;
}

interface Entry {
  value: Verified | null;
  userId: number | null;
  expires: number;
}

const MAX_ENTRIES = 10_000;

export class AuthGate {
  private cache = new Map<string, Entry>();

  constructor(
    private readonly kernel: Kernel,
    private readonly authModule: string,
    private readonly ttlMs: number,
  ) {}

  session(sid: string, requestId: string): Promise<Principal | null> {
    return this.resolve(`s:${digest(sid)}`, 'verifySession', { sessionId: sid }, requestId).then((p) => (p ? { ...p, sessionId: sid } : null));
  }

  token(token: string, requestId: string): Promise<Principal | null> {
    return this.resolve(`t:${digest(token)}`, 'verifyToken', { token }, requestId).then((p) => (p ? { ...p, token } : null));
  }

  private async resolve(key: string, fn: string, args: unknown, requestId: string): Promise<Principal | null> {
    const now = Date.now();
    const hit = this.cache.get(key);
    let verified: Verified | null;
    if (hit && hit.expires > now) {
      verified = hit.value;
    } else {
      verified = (await this.kernel.call('kernel', this.authModule, fn, args, null, requestId)) as Verified | null;
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      if (this.ttlMs > 0) this.cache.set(key, { value: verified, userId: verified?.user.id ?? null, expires: now + this.ttlMs });
    }
    if (!verified) return null;
    const user: UserContext = { ...verified.user, permissions: this.kernel.permissionsOf(verified.user.roles) };
    return verified.csrf ? { user, csrf: verified.csrf } : { user };
  }

  /** Applies revocations a handler reported (logout, deactivation). */
  apply(effects: ResultEffects | undefined): void {
    if (!effects) return;
    for (const sid of effects.revokeSessions ?? []) this.cache.delete(`s:${digest(sid)}`);
    for (const t of effects.revokeTokens ?? []) this.cache.delete(`t:${digest(t)}`);
    const users = new Set(effects.revokeUsers ?? []);
    if (users.size) for (const [k, e] of this.cache) if (e.userId !== null && users.has(e.userId)) this.cache.delete(k);
  }
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
