// The demo clinic a newcomer sees after `npm start`, and where each role lands.
// The demo day is made through the JSON API at start (src/demo/clinic-day.ts),
// so this suite also proves the whole visit works across all five modules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, DEMO_VISITS } from '../../src/demo/clinic-day.js';
import { startClinic, type Clinic } from '../support/clinic.js';
import { startBilik, type Bilik } from '../support/server.js';

async function token(b: Bilik, username: string): Promise<string> {
  return b.loginApi(username, DEMO_PASSWORD);
}

async function get(b: Bilik, t: string, path: string): Promise<any> {
  const r = await fetch(`${b.url}${path}`, { headers: { authorization: `Bearer ${t}` } });
  expect(r.status, `${path}: ${r.status}`).toBe(200);
  return r.json();
}

describe('the demo clinic', () => {
  let b: Bilik;
  beforeAll(async () => {
    b = await startBilik({ env: { BILIK_DEMO: '1' } });
    // The day is made after the banner; wait for its log line (or its failure).
    const deadline = Date.now() + 120_000;
    while (!b.logs.some((l) => /today's clinic is ready|demo day could not be made/.test(l)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 150_000);
  afterAll(async () => {
    await b?.stop();
  });

  it('made today through the API without a refusal', () => {
    expect(b.logs.join('\n')).not.toMatch(/demo day could not be made/);
    expect(b.logs.join('\n')).toMatch(/today's clinic is ready/);
  });

  it('has about two hundred patients, three polis and several doctors', async () => {
    const t = await token(b, DEMO_USERS.frontDesk);
    let n = 0;
    for (let page = 1; page <= 20; page++) {
      const r = await get(b, t, `/api/v1/patients?page=${page}`);
      n += r.items.length;
      if (!r.hasMore) break;
    }
    expect(n).toBeGreaterThanOrEqual(190);
    const polis = await get(b, t, '/api/v1/appointments/polis');
    expect(polis.map((p: { code: string }) => p.code).sort()).toEqual(['GIGI', 'KIA', 'UMUM']);
  });

  it('has a day of visits in every state, a flagged patient, invoices and payments', async () => {
    const t = await token(b, DEMO_USERS.frontDesk);
    const queue = (await get(b, t, '/api/v1/appointments/queue')) as Array<{ status: string; news2: { risk: string } | null }>;
    const entries = Array.isArray(queue) ? queue : (queue as any).entries;
    const statuses = new Set(entries.map((e: { status: string }) => e.status));
    for (const s of ['waiting', 'called', 'in-consultation', 'done', 'no-show', 'cancelled']) expect(statuses, s).toContain(s);
    expect(entries.length).toBeGreaterThanOrEqual(DEMO_VISITS - 4);
    expect(entries.some((e: { news2: { risk: string } | null }) => e.news2?.risk === 'high')).toBe(true);

    const cashier = await token(b, DEMO_USERS.cashier);
    const invoices = await get(b, cashier, '/api/v1/billing/invoices');
    const list = Array.isArray(invoices) ? invoices : invoices.items;
    const byStatus = new Set(list.map((i: { status: string }) => i.status));
    for (const s of ['unpaid', 'partial', 'paid']) expect(byStatus, s).toContain(s);
    const report = await get(b, cashier, '/api/v1/billing/reports/daily');
    expect(JSON.stringify(report)).toMatch(/cash/);
  });
});

describe('each role lands on its own home', () => {
  let c: Clinic;
  beforeAll(async () => {
    c = await startClinic();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it.each([
    ['front_desk', '/appointments/queue'],
    ['nurse', '/records/triage'],
    ['doctor', '/appointments/my-queue'],
    ['cashier', '/billing'],
  ] as const)('%s → %s', async (role, home) => {
    const r = await c.page(role, 'GET', '/');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(home);
    const landed = await c.page(role, 'GET', home);
    expect(landed.status).toBe(200);
  });

  it('admin gets the overview of panels', async () => {
    const r = await c.page('admin', 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('hx-get');
  });

  it('anyone can still open the overview', async () => {
    const r = await c.page('nurse', 'GET', '/?overview');
    expect(r.status).toBe(200);
  });
});
