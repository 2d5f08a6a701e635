// Staff administration through the JSON API and the htmx UI: creating
// accounts (validation, duplicates), listing, roles → permissions, and
// deactivation ending every session and token of the account at once.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleManifest } from '../../src/kernel/types.js';
import { ADMIN_PASSWORD, ROOT, createStaff, json, startBilik, type Bilik, type CreatedStaff } from '../support/server.js';

const { modules } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/modules/index.js')).href)) as { modules: readonly ModuleManifest[] };

let b: Bilik;
let admin: string;
let adminId: number;

beforeAll(async () => {
  b = await startBilik();
  admin = await b.loginApi('admin', ADMIN_PASSWORD);
  adminId = (await json(await api('GET', '/api/v1/staff/me'))).id;
});
afterAll(async () => {
  await b?.stop();
});

function api(method: string, p: string, body?: unknown, token = admin): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${b.url}${p}`, { method, headers, redirect: 'manual', ...(body !== undefined && { body: JSON.stringify(body) }) });
}
const tokenFor = (username: string, password: string) =>
  fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
const usernames = async () => ((await json(await api('GET', '/api/v1/staff/users'))).items as CreatedStaff[]).map((u) => u.username);

describe('creating staff accounts (API)', () => {
  it('creates a user: 201 with the public shape, username normalised, no password echoed', async () => {
    const res = await api('POST', '/api/v1/staff/users', { username: '  Ns.Ana ', fullName: ' Ana Wulandari ', password: 'Triage-Room-2026', roles: ['nurse'] });
    expect(res.status).toBe(201);
    const raw = await res.text();
    expect(raw).not.toMatch(/Triage-Room-2026|password|argon2/i);
    const u = JSON.parse(raw);
    expect(Object.keys(u).sort()).toEqual(['active', 'createdAt', 'fullName', 'id', 'roles', 'username']);
    expect(u).toMatchObject({ username: 'ns.ana', fullName: 'Ana Wulandari', roles: ['nurse'], active: true });
    expect(Number.isInteger(u.id) && u.id > adminId).toBe(true);
    expect(Math.abs(Date.parse(u.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses a duplicate username (any case) with 409 STAFF_USERNAME_TAKEN', async () => {
    for (const username of ['ns.ana', 'NS.ANA']) {
      const res = await api('POST', '/api/v1/staff/users', { username, fullName: 'Someone Else', password: 'Another-Pass-7788', roles: ['doctor'] });
      expect(res.status, username).toBe(409);
      expect((await json(res)).error.code).toBe('STAFF_USERNAME_TAKEN');
    }
  });

  it('refuses a weak password with 422 fields.password and stores nothing', async () => {
    for (const password of ['short1', 'password123', 'weakling.w-99-weakling', 'abcdefghijkl']) {
      const res = await api('POST', '/api/v1/staff/users', { username: 'weakling', fullName: 'Weak Ling', password, roles: ['doctor'] });
      expect(res.status, password).toBe(422);
      const { error } = await json(res);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields.password, password).toEqual(expect.any(String));
    }
    expect(await usernames()).not.toContain('weakling');
  });

  it('refuses an unknown role or no role with 422 and stores nothing', async () => {
    for (const roles of [['superuser'], [], 'janitor']) {
      const res = await api('POST', '/api/v1/staff/users', { username: 'rolecheck', fullName: 'Role Check', password: 'Good-Enough-4321', roles });
      expect(res.status, JSON.stringify(roles)).toBe(422);
      const { error } = await json(res);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(error.fields).some((k) => k === 'roles' || k.startsWith('roles.')), JSON.stringify(error.fields)).toBe(true);
    }
    expect(await usernames()).not.toContain('rolecheck');
  });

  it('lists users with their roles', async () => {
    const res = await api('GET', '/api/v1/staff/users');
    expect(res.status).toBe(200);
    const { items } = await json(res);
    expect(items.find((u: CreatedStaff) => u.username === 'ns.ana')).toMatchObject({ fullName: 'Ana Wulandari', roles: ['nurse'], active: true });
    expect(items.find((u: CreatedStaff) => u.username === 'admin')).toMatchObject({ id: adminId, roles: ['admin'], active: true });
  });

  it('the new user logs in and sees only their own permissions', async () => {
    const res = await tokenFor('ns.ana', 'Triage-Room-2026');
    expect(res.status).toBe(200);
    const token = (await json(res)).token;
    const me = await json(await api('GET', '/api/v1/staff/me', undefined, token));
    expect(me).toMatchObject({ username: 'ns.ana', roles: ['nurse'] });
    expect(me.permissions).not.toContain('staff:manage');
    expect((await api('GET', '/api/v1/staff/users', undefined, token)).status).toBe(403);
  });
});

describe('roles and permissions', () => {
  const expectedFor = (roles: string[]) =>
    [...new Set(modules.flatMap((m) => Object.entries(m.permissions).filter(([, rs]) => rs.some((r) => roles.includes(r))).map(([p]) => p)))].sort();

  it('a user with several roles gets the union of their permissions', async () => {
    const password = 'Several-Hats-1357';
    await createStaff(b.url, admin, { username: 'multi', password, roles: ['front_desk', 'cashier', 'doctor'] });
    const token = (await json(await tokenFor('multi', password))).token;
    const me = await json(await api('GET', '/api/v1/staff/me', undefined, token));
    expect(me.roles).toEqual(['cashier', 'doctor', 'front_desk']);
    const expected = expectedFor(['front_desk', 'cashier', 'doctor']);
    expect(expected.length).toBeGreaterThan(expectedFor(['cashier']).length); // the union is more than any one role here
    expect([...me.permissions].sort()).toEqual(expected);
    expect(me.permissions).not.toContain('staff:manage');
  });
});

describe('deactivation', () => {
  const password = 'Leaving-Soon-9753';
  let leaver: CreatedStaff;

  beforeAll(async () => {
    leaver = await createStaff(b.url, admin, { username: 'leaver', password, roles: ['doctor'] });
  });

  it('ends the user’s existing token and browser session at once, and blocks new logins', async () => {
    const token = (await json(await tokenFor('leaver', password))).token;
    const browser = await b.loginBrowser('leaver', password);
    // Both credentials work (and are now in the kernel's auth cache).
    expect((await api('GET', '/api/v1/staff/me', undefined, token)).status).toBe(200);
    expect((await fetch(`${b.url}/staff/_panel/me`, { headers: { cookie: browser.cookie }, redirect: 'manual' })).status).toBe(200);

    const res = await api('POST', `/api/v1/staff/users/${leaver.id}/deactivate`, {});
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: leaver.id, username: 'leaver', active: false });

    const tokenAfter = await api('GET', '/api/v1/staff/me', undefined, token);
    expect(tokenAfter.status).toBe(401);
    expect((await json(tokenAfter)).error.code).toBe('UNAUTHENTICATED');
    const page = await fetch(`${b.url}/staff/_panel/me`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fstaff%2F_panel%2Fme');
    const again = await tokenFor('leaver', password);
    expect(again.status).toBe(401);
    expect((await json(again)).error.code).toBe('STAFF_LOGIN_FAILED');
    const listed = (await json(await api('GET', '/api/v1/staff/users'))).items.find((u: CreatedStaff) => u.id === leaver.id);
    expect(listed.active).toBe(false);
  });

  it('admin cannot deactivate their own account (409)', async () => {
    const res = await api('POST', `/api/v1/staff/users/${adminId}/deactivate`, {});
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('STAFF_CANNOT_DEACTIVATE_SELF');
    expect((await api('GET', '/api/v1/staff/me')).status).toBe(200);
  });

  it('an unknown or malformed id is 404', async () => {
    const unknown = await api('POST', '/api/v1/staff/users/999999/deactivate', {});
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('STAFF_USER_NOT_FOUND');
    for (const id of ['abc', '0', '-1', '1e3']) {
      const res = await api('POST', `/api/v1/staff/users/${id}/deactivate`, {});
      expect(res.status, id).toBe(404);
    }
  });
});

describe('the htmx staff UI', () => {
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    ({ cookie, csrf } = await b.loginBrowser('admin', ADMIN_PASSWORD));
  });

  const postForm = (p: string, form: URLSearchParams, headers: Record<string, string> = {}) =>
    fetch(`${b.url}${p}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers }, body: form.toString() });

  it('a weak password re-renders the form fragment (422) with the inline error and the values kept', async () => {
    const form = new URLSearchParams({ _csrf: csrf, username: 'frontdesk.budi', fullName: 'Budi <Santoso>', password: 'short1' });
    form.append('roles', 'front_desk');
    form.append('roles', 'cashier');
    const res = await postForm('/staff/users', form, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html.trimStart()).toMatch(/^<form id="user-form"/);
    expect(html).not.toMatch(/<html|<!doctype/i);
    expect(html).toMatch(/<p class="field-error" id="err-u-password">Use at least 10 characters\.<\/p>/);
    expect(html).toMatch(/id="u-password"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/name="username" value="frontdesk\.budi"/);
    expect(html).toContain('value="Budi &lt;Santoso&gt;"');
    expect(html).toMatch(/value="front_desk" checked/);
    expect(html).toMatch(/value="cashier" checked/);
    expect(html).not.toContain('short1');
    expect(await usernames()).not.toContain('frontdesk.budi');
  });

  it('a form post without the CSRF token is refused and creates nothing', async () => {
    const form = new URLSearchParams({ username: 'nocsrf', fullName: 'No Token', password: 'Strong-Enough-2468', roles: 'doctor' });
    const res = await postForm('/staff/users', form, { 'HX-Request': 'true' });
    expect(res.status).toBe(403);
    expect(await usernames()).not.toContain('nocsrf');
  });

  it('a valid htmx form post creates the user and redirects the client to /staff', async () => {
    const form = new URLSearchParams({ _csrf: csrf, username: 'frontdesk.budi', fullName: 'Budi Santoso', password: 'Front-Desk-2468', roles: 'front_desk' });
    const res = await postForm('/staff/users', form, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('hx-redirect')).toBe('/staff');
    expect(await usernames()).toContain('frontdesk.budi');
  });

  it('GET /staff lists the accounts for admin', async () => {
    const res = await fetch(`${b.url}/staff`, { headers: { cookie }, redirect: 'manual' });
    // Regression: the users page includes the form partial from the views root.
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('frontdesk.budi');
    expect(html).toContain('ns.ana');
  });
});
