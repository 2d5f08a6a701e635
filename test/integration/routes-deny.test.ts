// Deny by default: walk the whole route table (every module manifest plus the
// kernel's own routes, read from the BUILT app) and prove that no protected
// route answers an anonymous caller, and that a logged-in user without the
// route's permission is refused.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleManifest, RouteDef } from '../../src/kernel/types.js';
import { ADMIN_PASSWORD, ROOT, createStaff, json, startBilik, type Bilik } from '../support/server.js';

const load = (rel: string) => import(pathToFileURL(path.join(ROOT, rel)).href);
const { modules } = (await load('dist/src/modules/index.js')) as { modules: readonly ModuleManifest[] };
const { kernelRoutes, CHAOS_PERMISSION } = (await load('dist/src/kernel/http/kernel-routes.js')) as {
  kernelRoutes: (chaos: boolean) => RouteDef[];
  CHAOS_PERMISSION: string;
};

interface Entry {
  owner: string;
  route: RouteDef;
}
const table: Entry[] = [...kernelRoutes(true).map((route) => ({ owner: 'kernel', route })), ...modules.flatMap((m) => m.routes.map((route) => ({ owner: m.name, route })))];
const isProtected = (r: RouteDef) => r.permission !== 'public';
const label = (e: Entry) => `${e.owner} ${e.route.method} ${e.route.path} (${e.route.kind}, ${e.route.permission})`;
const concrete = (p: string) => p.replace(/:[A-Za-z0-9_]+/g, '1');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let b: Bilik;
let plain: Bilik;

beforeAll(async () => {
  [b, plain] = await Promise.all([startBilik({ env: { BILIK_CHAOS: '1' } }), startBilik()]);
});
afterAll(async () => {
  await Promise.all([b?.stop(), plain?.stop()]);
});

/** One request to a route with a body that suits its kind. */
function send(r: RouteDef, headers: Record<string, string> = {}, base = b.url): Promise<Response> {
  const init: RequestInit = { method: r.method, redirect: 'manual', headers: { ...headers } };
  if (UNSAFE.has(r.method)) {
    const api = r.kind === 'api';
    (init.headers as Record<string, string>)['content-type'] = api ? 'application/json' : 'application/x-www-form-urlencoded';
    init.body = api ? '{}' : 'name=x&note=y';
  }
  return fetch(`${base}${concrete(r.path)}`, init);
}

describe('the route table', () => {
  it('every route declares a non-empty permission, known to some manifest', () => {
    const declared = new Set(['public', 'authenticated', CHAOS_PERMISSION, ...modules.flatMap((m) => Object.keys(m.permissions))]);
    for (const e of table) {
      expect(typeof e.route.permission, label(e)).toBe('string');
      expect(e.route.permission.trim().length, label(e)).toBeGreaterThan(0);
      expect(declared.has(e.route.permission), `${label(e)}: permission is granted to no role`).toBe(true);
      expect(['page', 'fragment', 'api'], label(e)).toContain(e.route.kind);
    }
  });

  it('has no duplicate method + path and keeps the JSON API under /api/v1', () => {
    const keys = table.map((e) => `${e.route.method} ${e.route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of table.filter((x) => x.owner !== 'kernel')) {
      expect(e.route.kind === 'api', label(e)).toBe(e.route.path.startsWith('/api/v1/'));
    }
  });

  it('is big enough that the walk cannot pass vacuously', () => {
    expect(table.filter((e) => isProtected(e.route)).length).toBeGreaterThanOrEqual(15);
    expect(table.some((e) => e.route.path === '/_chaos')).toBe(true);
    expect(kernelRoutes(false).some((r) => r.path === '/_chaos')).toBe(false);
  });
});

describe('anonymous callers', () => {
  it('get 401 (API) or a redirect to /login (pages, fragments) on every protected route', async () => {
    let walked = 0;
    for (const e of table.filter((x) => isProtected(x.route))) {
      const r = e.route;
      if (r.kind === 'api') {
        const res = await send(r);
        expect(res.status, label(e)).toBe(401);
        expect((await json(res)).error.code, label(e)).toBe('UNAUTHENTICATED');
        const forged = await send(r, { authorization: 'Bearer blk_forged-token-that-was-never-issued' });
        expect(forged.status, `${label(e)} forged bearer`).toBe(401);
      } else {
        const next = `/login?next=${encodeURIComponent(concrete(r.path))}`;
        const res = await send(r);
        expect(res.status, label(e)).toBe(303);
        expect(res.headers.get('location'), label(e)).toBe(next);
        const hx = await send(r, { 'HX-Request': 'true' });
        expect(hx.status, `${label(e)} htmx`).toBe(401);
        expect(hx.headers.get('hx-redirect'), `${label(e)} htmx`).toBe(next);
        const stale = await send(r, { cookie: 'bilik_sid=not-a-session-id-at-all-0123456789' });
        expect(stale.status, `${label(e)} unknown session`).toBe(303);
        expect(stale.headers.get('location'), label(e)).toBe(next);
      }
      walked++;
    }
    expect(walked).toBeGreaterThanOrEqual(15);
  });

  it('reach public routes without being sent to /login', async () => {
    const publics = table.filter((e) => !isProtected(e.route));
    expect(publics.length).toBeGreaterThanOrEqual(5);
    for (const e of publics) {
      const res = await send(e.route, { accept: 'application/json' });
      expect(res.status, label(e)).not.toBe(401);
      expect(res.headers.get('location') ?? '', label(e)).not.toMatch(/^\/login/);
      // A public form post without its CSRF token is still refused, but only by CSRF.
      if (res.status === 403) expect((await json(res)).error.code, label(e)).toBe('CSRF_TOKEN_INVALID');
    }
  });
});

describe('a logged-in user without the permission', () => {
  it('gets 403 on every route needing a permission it lacks (staff:manage, chaos, ...)', async () => {
    const password = 'Cash-Only-8642';
    await createStaff(b.url, await b.loginApi('admin', ADMIN_PASSWORD), { username: 'kasir.test', password, roles: ['cashier'] });
    const token = await b.loginApi('kasir.test', password);
    const { cookie, csrf } = await b.loginBrowser('kasir.test', password);
    const me = await json(await fetch(`${b.url}/api/v1/staff/me`, { headers: { authorization: `Bearer ${token}` } }));
    expect(me.roles).toEqual(['cashier']);
    const held = new Set<string>(me.permissions);
    expect(held.has('staff:manage')).toBe(false);

    const denied = table.filter((e) => e.route.permission !== 'public' && e.route.permission !== 'authenticated' && !held.has(e.route.permission));
    const staffManage = denied.filter((e) => e.route.permission === 'staff:manage');
    expect(staffManage.length).toBe(table.filter((e) => e.route.permission === 'staff:manage').length);
    expect(staffManage.length).toBeGreaterThanOrEqual(5);
    for (const e of denied) {
      const r = e.route;
      if (r.kind === 'api') {
        const res = await send(r, { authorization: `Bearer ${token}` });
        expect(res.status, label(e)).toBe(403);
        expect((await json(res)).error.code, label(e)).toBe('FORBIDDEN');
      } else {
        // With a valid CSRF token too, so the refusal is the permission check and not CSRF.
        const res = await send(r, { cookie, 'X-CSRF-Token': csrf });
        expect(res.status, label(e)).toBe(403);
        expect(await res.text(), label(e)).toContain('You do not have permission');
        const asJson = await send(r, { cookie, 'X-CSRF-Token': csrf, accept: 'application/json' });
        expect((await json(asJson)).error.code, label(e)).toBe('FORBIDDEN');
      }
    }
    // Nothing was created by the refused POSTs.
    const users = await json(await fetch(`${b.url}/api/v1/staff/users`, { headers: { authorization: `Bearer ${await b.loginApi('admin', ADMIN_PASSWORD)}` } }));
    expect(users.items.map((u: { username: string }) => u.username).sort()).toEqual(['admin', 'kasir.test']);
  });
});

describe('/_chaos', () => {
  const chaos: RouteDef = { method: 'POST', path: '/_chaos', permission: 'kernel:chaos', handler: 'chaos', kind: 'api' };
  const body = JSON.stringify({ module: 'patients', fault: 'none' });

  it('exists for admin when BILIK_CHAOS=1', async () => {
    const token = await b.loginApi('admin', ADMIN_PASSWORD);
    const res = await fetch(`${b.url}/_chaos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ module: 'patients', fault: 'none', times: null });
  });

  it('answers 404 without BILIK_CHAOS, even for admin', async () => {
    const anon = await send(chaos, {}, plain.url);
    expect(anon.status).toBe(404);
    const token = await plain.loginApi('admin', ADMIN_PASSWORD);
    const res = await fetch(`${plain.url}/_chaos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' }, body });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('NOT_FOUND');
  });
});
