// Horizontal scale: two replicas of the whole app on one Postgres database,
// started at the same moment (migrations and the first admin under the lock /
// the unique index, not by luck), behind an imaginary load balancer that sends
// each request wherever it likes. Sessions, CSRF tokens, API tokens and login
// throttling live in the database, so a user never notices which replica
// answered; a record written through one is read through the other.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../support/postgres.js';
import { ADMIN_PASSWORD, createStaff, loginWithForm, startBilik, type Bilik } from '../support/server.js';
import { uniquePatient } from '../support/writes.js';

let database: { url: string; drop(): Promise<void> };
let r1: Bilik;
let r2: Bilik;

async function query<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await freshDatabase(inject('pgUrl'));
  // No auth cache: a logout on one replica is seen by the other at once (the
  // default 5 s cache bounds that window; see README).
  const env = { BILIK_AUTH_CACHE_MS: '0' };
  [r1, r2] = await Promise.all([startBilik({ databaseUrl: database.url, env }), startBilik({ databaseUrl: database.url, env })]);
});

afterAll(async () => {
  await Promise.all([r1?.stop(), r2?.stop()]);
  await database?.drop();
});

describe('two replicas on one Postgres', () => {
  it('started together: every migration applied once, one first admin', async () => {
    for (const schema of ['staff', 'patients', 'records', 'appointments', 'billing']) {
      const rows = await query<{ name: string; n: string }>(`select name, count(*) as n from "${schema}".bilik_migrations group by name`);
      expect(rows.length, schema).toBeGreaterThan(0);
      for (const r of rows) expect(Number(r.n), `${schema} ${r.name}`).toBe(1);
    }
    expect(await query(`select id from staff.users where username = 'admin'`)).toHaveLength(1);
    const firstRun = [r1, r2].filter((b) => b.logs.some((l) => l.includes('login: admin / the password in BILIK_ADMIN_PASSWORD')));
    expect(firstRun).toHaveLength(1);
  });

  it('a browser session made on one replica works on the other, CSRF token included', async () => {
    const s = await loginWithForm(r1.url, 'admin', ADMIN_PASSWORD);
    const dash = await fetch(`${r2.url}/?overview`, { headers: { cookie: s.cookie }, redirect: 'manual' });
    expect(dash.status).toBe(200);
    expect(await dash.text()).toContain(s.csrf);
    // A form post on replica 2 with the session and token from replica 1.
    const p = uniquePatient(424_242, 'Replika');
    const created = await fetch(`${r2.url}/patients`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...p, _csrf: s.csrf }).toString(),
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/patients\/\d+$/);
    // ...read back on replica 1, with the same cookie.
    const page = await fetch(`${r1.url}${location}`, { headers: { cookie: s.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(p.fullName);
    // A wrong token is refused on either.
    const forged = await fetch(`${r1.url}/patients`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...uniquePatient(424_243, 'Replika'), _csrf: 'x'.repeat(32) }).toString(),
    });
    expect(forged.status).toBe(403);
    // Logout on replica 2 ends the session on replica 1.
    const out = await fetch(`${r2.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf }).toString(),
    });
    expect([200, 303]).toContain(out.status);
    const after = await fetch(`${r1.url}/?overview`, { headers: { cookie: s.cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('an API token from one replica works on the other; a record created on one is read on the other', async () => {
    const token = await r1.loginApi('admin', ADMIN_PASSWORD);
    const p = uniquePatient(434_343, 'Replika');
    const created = await fetch(`${r1.url}/api/v1/patients`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(p) });
    expect(created.status).toBe(201);
    const { id, mrn } = (await created.json()) as { id: number; mrn: string };
    const read = await fetch(`${r2.url}/api/v1/patients/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, mrn, fullName: p.fullName });
    // MRNs come from the database, so concurrent registrations on both replicas never collide.
    const both = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${(i % 2 ? r1 : r2).url}/api/v1/patients`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(uniquePatient(444_000 + i, 'Paralel')) }),
      ),
    );
    const mrns = await Promise.all(both.map(async (r) => (expect(r.status).toBe(201), ((await r.json()) as { mrn: string }).mrn)));
    expect(new Set(mrns).size).toBe(8);
  });

  it('login throttling counts failures made on both replicas together', async () => {
    const admin = await r2.loginApi('admin', ADMIN_PASSWORD);
    await createStaff(r2.url, admin, { username: 'kasir2', password: 'Kasir-Kuat-2026!', roles: ['cashier'] });
    const attempt = (b: Bilik, password: string) =>
      fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kasir2', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? r1 : r2, 'salah-sandi-123')).status).toBe(401);
    // Locked everywhere, even with the right password.
    expect((await attempt(r1, 'Kasir-Kuat-2026!')).status).toBe(429);
    expect((await attempt(r2, 'Kasir-Kuat-2026!')).status).toBe(429);
  });
});
