// The internal endpoint of a module service only runs what the internal secret
// signed: unsigned, tampered (body, user, deadline), expired or foreign-secret
// calls get 401; the caller's deadline is enforced here; the service admits
// only what its own manifest declares. A split process without the secret
// refuses to start and names the option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_HEADERS, signRequest } from '../../src/kernel/runtime/internal-auth.js';
import type { UserContext } from '../../src/kernel/types.js';
import { ADMIN_PASSWORD, startBilik, type Bilik } from '../support/server.js';
import { INTERNAL_SECRET, startNode } from '../support/split.js';

const TASK = '/_internal/v1/staff/task';
let svc: Bilik;

const ADMIN: UserContext = { id: 1, username: 'admin', fullName: 'Administrator', roles: ['admin'], permissions: [], role: 'admin' };
const NURSE: UserContext = { id: 9, username: 'bayu', fullName: 'Ns. Bayu', roles: ['nurse'], permissions: [], role: 'nurse' };

const contract = (fn: string, args: unknown = {}) => JSON.stringify({ type: 'contract', requestId: 'auth-suite', fn, args, caller: 'kernel' });

interface Call {
  body?: string;
  user?: UserContext | null;
  deadline?: number;
  secret?: string;
  now?: number;
  path?: string;
  /** Headers changed after signing. */
  tamper?: Record<string, string>;
  sendBody?: string;
}

async function call(o: Call = {}): Promise<{ status: number; body: any; ms: number }> {
  const body = o.body ?? contract('verifySession', { sessionId: 'no-such-session' });
  const path = o.path ?? TASK;
  const headers = signRequest(o.secret ?? INTERNAL_SECRET, { method: 'POST', path, body, user: o.user ?? null, deadline: o.deadline ?? Date.now() + 5000 }, o.now);
  const t0 = performance.now();
  const res = await fetch(`${svc.url}${path}`, { method: 'POST', headers: { ...headers, ...o.tamper, 'content-type': 'application/json' }, body: o.sendBody ?? body });
  return { status: res.status, body: await res.json().catch(() => null), ms: performance.now() - t0 };
}

beforeAll(async () => {
  // A module service hosting only staff (it calls nobody), chaos on to slow it down.
  svc = await startNode({ modules: ['staff'], env: { BILIK_CHAOS: '1' } });
});
afterAll(async () => {
  await svc?.stop();
});

describe('the internal endpoint', () => {
  it('runs a signed contract call and answers its TaskOutcome', async () => {
    const r = await call();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, value: null });
    const list = await call({ body: contract('listStaff', { role: 'admin' }), user: ADMIN });
    expect(list.status).toBe(200);
    expect(list.body.value).toEqual([{ id: 1, fullName: 'Administrator' }]);
  });

  it('refuses unsigned calls with 401', async () => {
    const res = await fetch(`${svc.url}${TASK}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: contract('listStaff') });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const status = await fetch(`${svc.url}/_internal/v1/staff/status`);
    expect(status.status).toBe(401);
  });

  it('refuses a tampered body, user, deadline or signature with 401', async () => {
    expect((await call({ sendBody: contract('listStaff') })).status).toBe(401);
    const asAdmin = Buffer.from(JSON.stringify(ADMIN)).toString('base64url');
    expect((await call({ body: contract('listStaff'), user: NURSE, tamper: { [INTERNAL_HEADERS.user]: asAdmin } })).status).toBe(401);
    expect((await call({ tamper: { [INTERNAL_HEADERS.deadline]: String(Date.now() + 600_000) } })).status).toBe(401);
    expect((await call({ tamper: { [INTERNAL_HEADERS.signature]: 'v1=AAAA' } })).status).toBe(401);
    expect((await call({ secret: 'another-secret-of-enough-length-0123456789' })).status).toBe(401);
  });

  it('refuses an expired signature with 401', async () => {
    expect((await call({ now: Date.now() - 31_000 })).status).toBe(401);
  });

  it('admits only what the manifest declares, as the signed user may', async () => {
    const undeclared = await call({ body: contract('dropAllTables') });
    expect(undeclared.status).toBe(500);
    expect(undeclared.body.error.code).toBe('CONTRACT_NOT_DECLARED');
    const route = (user: UserContext | null): Call => ({
      user,
      body: JSON.stringify({
        type: 'route',
        requestId: 'auth-suite',
        handler: 'listUsers',
        route: { kind: 'api', method: 'GET', path: '/api/v1/staff/users' },
        input: { params: {}, query: {}, form: false, htmx: false, clientIp: '127.0.0.1' },
        shell: { nav: [], csrf: '', activePath: '/api/v1/staff/users' },
      }),
    });
    const asNurse = await call(route(NURSE));
    expect(asNurse.status).toBe(403);
    expect((await call(route(null))).status).toBe(401);
    const asAdmin = await call(route(ADMIN));
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.http.status).toBe(200);
    expect(asAdmin.body.http.body).toContain('"username":"admin"');
    // A module this process does not host.
    expect((await call({ path: '/_internal/v1/patients/task' })).status).toBe(404);
  });

  it('enforces the caller\'s deadline: an expired one is not started, a short one cuts a slow call', async () => {
    expect((await call({ deadline: Date.now() - 1 })).body.error.code).toBe('MODULE_TIMEOUT');
    const token = await svc.loginApi('admin', ADMIN_PASSWORD);
    const chaos = await fetch(`${svc.url}/_chaos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ module: 'staff', fault: 'slow', ms: 3000, times: 1 }),
    });
    expect(chaos.status).toBe(200);
    const r = await call({ deadline: Date.now() + 400 });
    expect(r.status).toBe(504);
    expect(r.body.error.code).toBe('MODULE_TIMEOUT');
    // Cut by the caller's deadline, not by the 3 s slow call finishing.
    expect(r.ms).toBeLessThan(3000);
  });
});

describe('start-up without the secret', () => {
  it('a module service or a gateway with a REMOTE_ URL exits 2 naming BILIK_INTERNAL_SECRET', async () => {
    const envs: Array<Record<string, string>> = [{ MODULES: 'staff' }, { REMOTE_PATIENTS_URL: 'http://127.0.0.1:9' }];
    for (const env of envs) {
      const err = await startBilik({ env }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message, JSON.stringify(env)).toMatch(/exited with 2 before it was ready/);
      expect(err?.message).toContain('BILIK_INTERNAL_SECRET: required in split mode');
    }
  });
});
