// The roles matrix, end to end: every route of every module manifest (read from
// the BUILT app, like routes-deny.test.ts), requested as every clinic role.
// A role without the route's permission gets 403 (JSON for the API, the 403
// page otherwise); a role with it never gets 401/403 (anything else — 200,
// 303, 404, 409, 422 — is the handler's business). Who holds what is computed
// from the manifests AND checked against the matrix of docs/clinic.md written
// out below, so a manifest that silently widens (or narrows) access fails here.
// The README's "Roles and permissions" table must say the same.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleManifest, RouteDef } from '../../src/kernel/types.js';
import { CLINIC_ROLES, startClinic, type Clinic, type ClinicRole, type Reply } from '../support/clinic.js';
import { ROOT } from '../support/server.js';

const load = (rel: string) => import(pathToFileURL(path.join(ROOT, rel)).href);
const { modules } = (await load('dist/src/modules/index.js')) as { modules: readonly ModuleManifest[] };

/** docs/clinic.md, "Permissions (roles matrix)": permission → [module, roles]. */
const EXPECTED: Record<string, { module: string; roles: ClinicRole[] }> = {
  'patients:read': { module: 'patients', roles: ['admin', 'doctor', 'nurse', 'front_desk', 'cashier'] },
  'patients:write': { module: 'patients', roles: ['front_desk', 'nurse', 'admin'] },
  'queue:read': { module: 'appointments', roles: ['front_desk', 'nurse', 'doctor', 'admin'] },
  'queue:write': { module: 'appointments', roles: ['front_desk'] },
  'queue:call': { module: 'appointments', roles: ['doctor', 'nurse'] },
  'appointments:admin': { module: 'appointments', roles: ['admin'] },
  'records:triage': { module: 'records', roles: ['nurse', 'doctor'] },
  'records:clinical': { module: 'records', roles: ['doctor'] },
  'billing:read': { module: 'billing', roles: ['cashier'] },
  'billing:write': { module: 'billing', roles: ['cashier'] },
  'billing:report': { module: 'billing', roles: ['cashier', 'admin'] },
  'tariffs:manage': { module: 'billing', roles: ['admin'] },
  'audit:read': { module: 'audit', roles: ['admin'] },
  'staff:manage': { module: 'staff', roles: ['admin'] },
};

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Every permission the manifests grant, with its module and roles. */
function granted(): Map<string, { module: string; roles: string[] }> {
  const out = new Map<string, { module: string; roles: string[] }>();
  for (const m of modules) {
    for (const [perm, roles] of Object.entries(m.permissions)) {
      expect(out.has(perm), `${perm} is granted by two modules`).toBe(false);
      out.set(perm, { module: m.name, roles: sorted(roles) });
    }
  }
  return out;
}

/** Computed from the manifests: may `role` use a route needing `permission`? */
function allowed(role: ClinicRole, permission: string, grants: Map<string, { roles: string[] }>): boolean {
  if (permission === 'authenticated') return true;
  return grants.get(permission)?.roles.includes(role) ?? false;
}

interface Entry {
  owner: string;
  route: RouteDef;
}
const table: Entry[] = modules.flatMap((m) => m.routes.map((route) => ({ owner: m.name, route })));
/** Public routes involve no permission (routes-deny covers them); the rest is walked. */
const walked = table.filter((e) => e.route.permission !== 'public');
const label = (e: Entry, role: string) => `${role} → ${e.owner} ${e.route.method} ${e.route.path} (${e.route.kind}, ${e.route.permission})`;
// An id no test creates: a permitted request reaches its handler and gets 404/422, changing nothing.
const concrete = (p: string) => p.replace(/:[A-Za-z0-9_]+/g, '999999');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that end the caller's own session or token: walked with throwaway credentials. */
const endsCredentials = (r: RouteDef) => r.path.endsWith('/logout');

let c: Clinic;

beforeAll(async () => {
  c = await startClinic();
});
afterAll(async () => {
  await c?.stop();
});

async function asRole(role: ClinicRole, r: RouteDef): Promise<Reply> {
  const p = concrete(r.path);
  if (!endsCredentials(r)) {
    if (r.kind === 'api') return c.api(role, r.method, p, UNSAFE.has(r.method) ? {} : undefined);
    return c.page(role, r.method, p, UNSAFE.has(r.method) ? {} : undefined);
  }
  const s = c.staff[role];
  const headers: Record<string, string> = {};
  if (r.kind === 'api') {
    headers['authorization'] = `Bearer ${await c.b.loginApi(s.username, s.password)}`;
    if (UNSAFE.has(r.method)) headers['content-type'] = 'application/json';
  } else {
    const { cookie, csrf } = await c.b.loginBrowser(s.username, s.password);
    Object.assign(headers, { cookie, 'x-csrf-token': csrf, 'content-type': 'application/x-www-form-urlencoded' });
  }
  const res = await fetch(`${c.url}${p}`, { method: r.method, redirect: 'manual', headers, ...(UNSAFE.has(r.method) && { body: r.kind === 'api' ? '{}' : '' }) });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* a page */
  }
  return { status: res.status, body, text, headers: res.headers };
}

describe('the manifests grant exactly the documented matrix', () => {
  it('declares the permissions of docs/clinic.md, each in its module, with exactly its roles', () => {
    const grants = granted();
    expect(sorted(grants.keys())).toEqual(sorted(Object.keys(EXPECTED)));
    for (const [perm, want] of Object.entries(EXPECTED)) {
      expect(grants.get(perm), perm).toEqual({ module: want.module, roles: sorted(want.roles) });
    }
  });

  it('every route needs a permission of its own module (or is public / for any logged-in user)', () => {
    for (const e of table) {
      const p = e.route.permission;
      if (p === 'public' || p === 'authenticated') continue;
      expect(EXPECTED[p]?.module, `${e.owner} ${e.route.method} ${e.route.path}: ${p}`).toBe(e.owner);
    }
  });

  it('the server grants each role the permissions the matrix gives it, no more', async () => {
    for (const role of CLINIC_ROLES) {
      const me = await c.api(role, 'GET', '/api/v1/staff/me');
      expect(me.status, role).toBe(200);
      const want = Object.entries(EXPECTED).filter(([, v]) => v.roles.includes(role)).map(([k]) => k);
      expect(sorted(me.body.permissions), role).toEqual(sorted(want));
    }
  });
});

describe('every route, as every role', () => {
  it('walks enough routes that the check cannot pass vacuously', () => {
    expect(walked.length).toBeGreaterThanOrEqual(15);
    for (const perm of ['patients:read', 'patients:write', 'audit:read', 'staff:manage']) {
      expect(walked.some((e) => e.route.permission === perm), perm).toBe(true);
    }
  });

  for (const role of CLINIC_ROLES) {
    it(`${role}: 403 without the permission, never 401/403 with it`, async () => {
      const grants = granted();
      const serverErrors: string[] = [];
      let denied = 0;
      let passed = 0;
      for (const e of walked) {
        const r = e.route;
        // Both sources must agree before the request is even made.
        const fromManifest = allowed(role, r.permission, grants);
        const fromMatrix = r.permission === 'authenticated' || (EXPECTED[r.permission]?.roles.includes(role) ?? false);
        expect(fromManifest, `${label(e, role)}: manifest and documented matrix disagree`).toBe(fromMatrix);

        const res = await asRole(role, r);
        if (!fromManifest) {
          denied++;
          expect(res.status, label(e, role)).toBe(403);
          if (r.kind === 'api') expect(res.body?.error?.code, label(e, role)).toBe('FORBIDDEN');
          else expect(res.text, label(e, role)).toContain('You do not have permission');
        } else {
          passed++;
          expect([401, 403], `${label(e, role)}: HTTP ${res.status} ${res.text.slice(0, 200)}`).not.toContain(res.status);
          if (res.status >= 500) serverErrors.push(`${label(e, role)}: HTTP ${res.status}`);
        }
      }
      // Every role is refused somewhere and let in somewhere: a walk that never
      // exercises one side proves nothing.
      expect(denied, role).toBeGreaterThan(0);
      expect(passed, role).toBeGreaterThan(0);
      // A 5xx is not an authorisation failure, but worth seeing in the output.
      if (serverErrors.length) console.warn(`roles-matrix: server errors on permitted routes:\n${serverErrors.join('\n')}`);
    });
  }
});

describe('README "Roles and permissions"', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Roles and permissions\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const rows = new Map(
    [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|\s*$/gm)].map((m) => [
      m[1]!,
      { module: m[2]!.trim(), roles: sorted(m[3]!.split(',').map((s) => s.trim())), what: m[4]!.trim() },
    ]),
  );

  it('has the section and its table', () => {
    expect(section.length).toBeGreaterThan(0);
    expect(rows.size).toBeGreaterThanOrEqual(10);
  });

  it('lists every permission of every manifest with exactly its module and roles, and nothing else', () => {
    const grants = granted();
    for (const [perm, g] of grants) {
      const row = rows.get(perm);
      expect(row, `README lacks ${perm}`).toBeDefined();
      expect({ module: row!.module, roles: row!.roles }, perm).toEqual(g);
      expect(row!.what.length, perm).toBeGreaterThan(3);
    }
    expect(sorted(rows.keys())).toEqual(sorted(grants.keys()));
  });
});
