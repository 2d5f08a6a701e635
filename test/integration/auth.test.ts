// Authentication end to end against the built app: redirects for anonymous
// pages, form login with CSRF and session rotation, logout, bearer tokens,
// lockout, security headers and error bodies that never leak internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createStaff, csrfFrom, json, mergeCookies, startBilik, type Bilik } from '../support/server.js';

let b: Bilik;
let adminToken: string;

beforeAll(async () => {
  b = await startBilik();
  adminToken = await b.loginApi('admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await b?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${b.url}${path}`, { redirect: 'manual', headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${b.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const postForm = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${b.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
const sidOf = (cookie: string) => /bilik_sid=([^;]+)/.exec(cookie)?.[1];
const sessionSetCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('bilik_sid=') && !/=;/.test(c));

/** GET /login: the anonymous CSRF cookie and the form's hidden token. */
async function loginForm(): Promise<{ cookie: string; csrf: string; html: string }> {
  const page = await get('/login');
  const html = await page.text();
  return { cookie: mergeCookies('', page), csrf: csrfFrom(html), html };
}

/** A full form login; returns the cookie jar and the session's CSRF token (read from the dashboard). */
async function formLogin(username: string, password: string, jar?: { cookie: string; csrf: string }) {
  const start = jar ?? (await loginForm());
  const res = await postForm('/login', { username, password, _csrf: start.csrf, next: '/staff' }, { cookie: start.cookie });
  expect(res.status).toBe(303);
  const cookie = mergeCookies(start.cookie, res);
  const dash = await get('/', { cookie });
  expect(dash.status).toBe(200);
  return { cookie, csrf: csrfFrom(await dash.text()), res };
}

describe('anonymous requests', () => {
  it.each([
    ['/', '%2F'],
    ['/staff', '%2Fstaff'],
    ['/patients?q=ab', '%2Fpatients%3Fq%3Dab'],
  ])('GET %s redirects to the login page with next', async (path, next) => {
    const res = await get(path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${next}`);
  });

  it('an htmx request gets 401 with HX-Redirect instead of a redirect', async () => {
    const res = await get('/staff', { 'HX-Request': 'true' });
    expect(res.status).toBe(401);
    expect(res.headers.get('hx-redirect')).toBe('/login?next=%2Fstaff');
    expect(res.headers.get('location')).toBeNull();
  });

  it('the API answers 401 JSON', async () => {
    const res = await get('/api/v1/staff/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await json(res);
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('form login', () => {
  it('GET /login renders a hidden _csrf and sets the anonymous bilik_csrf cookie', async () => {
    const res = await get('/login?next=/staff');
    expect(res.status).toBe(200);
    const anon = res.headers.getSetCookie().find((c) => c.startsWith('bilik_csrf='));
    expect(anon).toMatch(/HttpOnly/i);
    expect(anon).toMatch(/SameSite=Lax/i);
    const html = await res.text();
    expect(csrfFrom(html)).toBe(/bilik_csrf=([^;]+)/.exec(anon!)![1]);
    expect(html).toMatch(/name="next" value="\/staff"/);
  });

  it('POST /login without the token is refused with CSRF_TOKEN_INVALID', async () => {
    const { cookie } = await loginForm();
    const res = await postForm('/login', { username: 'admin', password: ADMIN_PASSWORD }, { cookie, accept: 'application/json' });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('CSRF_TOKEN_INVALID');
    expect(sessionSetCookie(res)).toBeUndefined();
    const wrong = await postForm('/login', { username: 'admin', password: ADMIN_PASSWORD, _csrf: 'x'.repeat(32) }, { cookie });
    expect(wrong.status).toBe(403);
    expect(sessionSetCookie(wrong)).toBeUndefined();
  });

  it('a good login redirects to next with an HttpOnly SameSite=Lax session cookie', async () => {
    const { res, cookie } = await formLogin('admin', ADMIN_PASSWORD);
    expect(res.headers.get('location')).toBe('/staff');
    const set = sessionSetCookie(res)!;
    expect(set).toMatch(/^bilik_sid=[A-Za-z0-9_-]{40,};/);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*SameSite=Lax/i);
    const me = await get('/staff/_panel/me', { cookie });
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('(admin)');
  });

  it('a wrong password re-renders the form with an inline error and sets no session', async () => {
    const { cookie, csrf } = await loginForm();
    const res = await postForm('/login', { username: 'admin', password: 'not-the-password-9', _csrf: csrf, next: '/' }, { cookie });
    expect(res.status).toBe(401);
    expect(sessionSetCookie(res)).toBeUndefined();
    const html = await res.text();
    expect(html).toContain('Wrong username or password.');
    expect(html).toMatch(/role="alert"/);
    expect(html).toMatch(/name="username"[^>]*value="admin"/);
    expect(html).not.toContain('not-the-password-9');
  });

  it('next never redirects off-site', async () => {
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      const { cookie, csrf } = await loginForm();
      const res = await postForm('/login', { username: 'admin', password: ADMIN_PASSWORD, _csrf: csrf, next }, { cookie });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('logging in twice without the first cookie gives two distinct live sessions', async () => {
    const a = await formLogin('admin', ADMIN_PASSWORD);
    const c = await formLogin('admin', ADMIN_PASSWORD);
    expect(sidOf(a.cookie)).toBeTruthy();
    expect(sidOf(c.cookie)).not.toBe(sidOf(a.cookie));
    expect((await get('/staff/_panel/me', { cookie: a.cookie })).status).toBe(200);
    expect((await get('/staff/_panel/me', { cookie: c.cookie })).status).toBe(200);
  });

  it('logging in while sending a session cookie rotates it: the old id stops working at once', async () => {
    const first = await formLogin('admin', ADMIN_PASSWORD);
    expect((await get('/staff/_panel/me', { cookie: first.cookie })).status).toBe(200); // cached in the kernel now
    const second = await formLogin('admin', ADMIN_PASSWORD, first);
    const oldSid = sidOf(first.cookie)!;
    const newSid = sidOf(second.cookie)!;
    expect(newSid).toBeTruthy();
    expect(newSid).not.toBe(oldSid);
    expect(second.csrf).not.toBe(first.csrf);
    const stale = await get('/staff/_panel/me', { cookie: first.cookie });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await get('/staff/_panel/me', { cookie: second.cookie })).status).toBe(200);
  });
});

describe('logout and CSRF on session requests', () => {
  it('POST /logout needs the CSRF token, then ends the session at once', async () => {
    const s = await formLogin('admin', ADMIN_PASSWORD);
    expect((await get('/staff/_panel/me', { cookie: s.cookie })).status).toBe(200);
    const refused = await fetch(`${b.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie } });
    expect(refused.status).toBe(403);
    expect((await get('/staff/_panel/me', { cookie: s.cookie })).status).toBe(200);
    const out = await fetch(`${b.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie, 'X-CSRF-Token': s.csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(out.headers.getSetCookie().some((c) => /^bilik_sid=;/.test(c))).toBe(true);
    const after = await get('/staff/_panel/me', { cookie: s.cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('a session cookie is not a credential on the JSON API', async () => {
    const s = await formLogin('admin', ADMIN_PASSWORD);
    const res = await get('/api/v1/staff/me', { cookie: s.cookie });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('bearer tokens', () => {
  it('issues a token that works on the API and is revoked by logout', async () => {
    const res = await postJson('/api/v1/auth/token', { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.token).toMatch(/^blk_[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const me = await get('/api/v1/staff/me', bearer(body.token));
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ username: 'admin', roles: ['admin'] });
    const out = await postJson('/api/v1/auth/logout', {}, bearer(body.token));
    expect(out.status).toBe(200);
    const after = await get('/api/v1/staff/me', bearer(body.token));
    expect(after.status).toBe(401);
    expect((await json(after)).error.code).toBe('UNAUTHENTICATED');
  });

  it('a wrong password is 401 STAFF_LOGIN_FAILED', async () => {
    const res = await postJson('/api/v1/auth/token', { username: 'admin', password: 'wrong-password-42' });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('STAFF_LOGIN_FAILED');
  });

  it('missing fields are 422 with field messages', async () => {
    const res = await postJson('/api/v1/auth/token', {});
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.fields).sort()).toEqual(['password', 'username']);
  });

  it('an unknown or garbage token is 401', async () => {
    expect((await get('/api/v1/staff/me', bearer('blk_' + 'A'.repeat(43)))).status).toBe(401);
    expect((await get('/api/v1/staff/me', bearer('x'.repeat(500)))).status).toBe(401);
  });
});

describe('lockout', () => {
  it('locks a user after 5 failures, even for the right password; other users on the same IP still log in', async () => {
    const password = 'Secret-Pass-2468';
    await createStaff(b.url, adminToken, { username: 'locky', password, roles: ['nurse'] });
    for (let i = 1; i <= 5; i++) {
      const res = await postJson('/api/v1/auth/token', { username: 'locky', password: `wrong-${i}-password` });
      expect(res.status, `attempt ${i}`).toBe(401);
      expect((await json(res)).error.code).toBe('STAFF_LOGIN_FAILED');
    }
    const locked = await postJson('/api/v1/auth/token', { username: 'locky', password });
    expect(locked.status).toBe(429);
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    const { error } = await json(locked);
    expect(error.code).toBe('STAFF_LOGIN_LOCKED');
    expect(error.message).toMatch(/Too many failed attempts\. Try again in 15 minutes\./);
    // Case does not dodge the lock, and the form shows the same message inline.
    expect((await postJson('/api/v1/auth/token', { username: 'LOCKY', password })).status).toBe(429);
    const { cookie, csrf } = await loginForm();
    const form = await postForm('/login', { username: 'locky', password, _csrf: csrf, next: '/' }, { cookie });
    expect(form.status).toBe(429);
    expect(sessionSetCookie(form)).toBeUndefined();
    expect(await form.text()).toContain('Try again in 15 minutes.');
    // Per-IP limit is 20: admin from the same loopback address is unaffected.
    expect((await postJson('/api/v1/auth/token', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
  });
});

describe('headers and error bodies', () => {
  it('pages carry a strict CSP and anti-framing headers', async () => {
    const res = await get('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  const leaks = /\n\s+at |\bat .+:\d+:\d+|node:internal|node_modules|\/work\/|\.(ts|js):\d+|SyntaxError|Unexpected token/;

  it('404, 422 and malformed JSON answers carry no stack or path', async () => {
    const page404 = await get('/no/such/page');
    expect(page404.status).toBe(404);
    expect(await page404.text()).not.toMatch(leaks);
    const api404 = await get('/api/v1/no-such-thing', bearer(adminToken));
    expect(api404.status).toBe(404);
    const body404 = await api404.text();
    expect(JSON.parse(body404).error.code).toBe('NOT_FOUND');
    expect(body404).not.toMatch(leaks);
    const bad = await postJson('/api/v1/staff/users', { username: '!', roles: 'x' }, bearer(adminToken));
    expect(bad.status).toBe(422);
    const body422 = await bad.text();
    expect(JSON.parse(body422).error.fields.username).toBeTruthy();
    expect(body422).not.toMatch(leaks);
    const malformed = await fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": "admin", ' });
    expect(malformed.status).toBe(400);
    const body400 = await malformed.text();
    expect(JSON.parse(body400).error).toEqual({ code: 'BAD_REQUEST', message: 'The request could not be read.', requestId: malformed.headers.get('x-request-id') });
    expect(body400).not.toMatch(leaks);
  });
});
