// Split mode end to end: three real processes on loopback. The gateway hosts
// staff (it authenticates everyone) and audit; module service A hosts patients
// and records; module service B hosts appointments and billing. Every request
// goes through the gateway; a walk-in is a contract call appointments (B) →
// records (A) and patients (A), an invoice calls records, patients and staff
// across processes. Then B is killed: the other modules keep serving, B's
// panels degrade, /ready says down; B restarts on its port and everything
// heals without touching the gateway. The outage is measured and written to
// test-artifacts/split-outage.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicOn, type Clinic, type ClinicRole } from '../support/clinic.js';
import { ROOT, type Bilik } from '../support/server.js';
import { freePort, portOf, readyModules, startNode, waitFor } from '../support/split.js';
import { consult, createInvoice, createPoli, expectStatus, pay, recordVitals, registerPatient, walkIn } from '../support/visit.js';

const local = (port: number) => `http://127.0.0.1:${port}`;
// Fast breaker figures so the outage shows within a few calls.
const LIMITS = { BILIK_DEFAULT_BREAKER_MIN_CALLS: '4', BILIK_DEFAULT_BREAKER_WINDOW: '10', BILIK_DEFAULT_BREAKER_OPEN_MS: '1000', BILIK_DEFAULT_BREAKER_MAX_OPEN_MS: '8000' };

/** Each module's dashboard panel, fetched as a role that may see it. */
const PANELS: Array<[ClinicRole, string]> = [
  ['admin', '/patients/_panel/recent'],
  ['nurse', '/records/_panel/waiting'],
  ['admin', '/appointments/_panel/today'],
  ['admin', '/billing/_panel/today'],
  ['admin', '/staff/_panel/me'],
];

let gateway: Bilik;
let svcA: Bilik; // patients, records
let svcB: Bilik; // appointments, billing
let specB: Parameters<typeof startNode>[0];
let c: Clinic;
let poliId: number;
const summary: Record<string, unknown> = { generatedAt: new Date().toISOString(), topology: {} };

beforeAll(async () => {
  const gatewayPort = await freePort();
  const gw = local(gatewayPort);
  svcA = await startNode({ modules: ['patients', 'records'], remotes: { staff: gw }, env: LIMITS });
  specB = { modules: ['appointments', 'billing'], remotes: { staff: gw, patients: svcA.url, records: svcA.url }, env: LIMITS };
  svcB = await startNode(specB);
  specB = { ...specB, port: portOf(svcB), dataDir: svcB.dataDir };
  gateway = await startNode({
    modules: ['staff', 'audit'],
    port: gatewayPort,
    remotes: { patients: svcA.url, records: svcA.url, appointments: svcB.url, billing: svcB.url },
    env: LIMITS,
  });
  summary.topology = { gateway: ['staff', 'audit'], serviceA: ['patients', 'records'], serviceB: ['appointments', 'billing'] };
  c = await clinicOn(gateway);
  const poli = await createPoli(c);
  poliId = poli.id;
  // A price for the consultation, so the invoice has something to pay (billing, in B).
  expectStatus(await c.api('admin', 'POST', '/api/v1/billing/tariffs', { key: `consultation:${poli.code}`, name: 'Konsultasi', price: 50000 }), 201);
});

afterAll(async () => {
  await Promise.all([gateway?.stop(), svcA?.stop(), svcB?.stop()]);
  for (const b of [gateway, svcA, svcB]) if (b) rmSync(b.dataDir, { recursive: true, force: true });
  mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-artifacts/split-outage.json'), `${JSON.stringify(summary, null, 2)}\n`);
});

describe('split mode: one clinic across three processes', () => {
  it('each process hosts its modules and reaches the others over HTTP', async () => {
    const gw = await readyModules(gateway.url);
    expect(Object.fromEntries(Object.entries(gw).map(([m, s]) => [m, s.transport]))).toEqual({
      staff: 'local', patients: 'http', records: 'http', appointments: 'http', billing: 'http', audit: 'local',
    });
    for (const s of Object.values(gw)) expect(s.state).toBe('up');
    const a = await readyModules(svcA.url);
    expect(Object.keys(a).sort()).toEqual(['patients', 'records', 'staff']);
    expect(a.staff!.transport).toBe('http');
    expect(gateway.logs.join('\n')).toContain('split mode: hosting staff, audit');
  });

  it('runs a whole visit through the gateway: register, walk-in (appointments → records across processes), vitals, consult, invoice, payment, audit', async () => {
    const patient = await registerPatient(c);
    const q = await walkIn(c, patient.id, poliId, c.staff.doctor.id);
    expect(q.encounterId).toBeGreaterThan(0);
    // The queue shows the patient's name: appointments asked patients in the other process.
    const queue = expectStatus(await c.api('front_desk', 'GET', '/api/v1/appointments/queue'), 200).body;
    expect(JSON.stringify(queue)).toContain(patient.fullName);
    expect((await recordVitals(c, q.encounterId)).news2).toBeDefined();
    await consult(c, q.encounterId);
    const invoice = await createInvoice(c, q.encounterId);
    expect(invoice.total).toBe(50000);
    const paid = await pay(c, invoice.id, invoice.total);
    expect(paid.balance).toBe(0);
    const log = expectStatus(await c.api('admin', 'GET', `/api/v1/audit?patientId=${patient.id}`), 200).body;
    expect(log.unavailable).toEqual([]);
    const modules = new Set(log.entries.map((e: { module: string }) => e.module));
    for (const m of ['patients', 'records', 'billing']) expect(modules, `audit entries from ${m}`).toContain(m);
  });

  it('serves pages, htmx panels and forms through the gateway; sessions and CSRF stay at the gateway', async () => {
    const dash = expectStatus(await c.page('admin', 'GET', '/?overview'), 200);
    for (const [role, p] of PANELS) {
      if (role === 'admin') expect(dash.text, p).toContain(p);
      const r = expectStatus(await c.page(role, 'GET', p, undefined, { 'HX-Request': 'true' }), 200);
      expect(r.text, p).not.toContain('panel-unavailable');
    }
    expectStatus(await c.page('nurse', 'GET', '/records/triage'), 200);
    // A form post to a remote module, with the session's CSRF token, renders there and comes back.
    const bad = await c.page('front_desk', 'POST', '/patients', { fullName: '' }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid');
    // No session cookie and no bearer token ever reaches a module service: it has no way to check them.
    const s = await c.browser('admin');
    const direct = await fetch(`${svcA.url}/_internal/v1/patients/task`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(direct.status).toBe(401);
  });
});

interface Sample {
  ok: boolean;
  status: number;
  ms: number;
}

/** Requests to every module in turn for `ms`, as the roles that use them; per-module results. */
async function traffic(ms: number, patientId: number, encounterId: number): Promise<Record<string, Sample[]>> {
  const probes: Array<[string, ClinicRole, string]> = [
    ['patients', 'front_desk', `/api/v1/patients/${patientId}`],
    ['records', 'nurse', `/api/v1/records/encounters/${encounterId}`],
    ['staff', 'nurse', '/api/v1/staff/me'],
    ['audit', 'admin', `/api/v1/audit?patientId=${patientId}`],
    ['appointments', 'front_desk', '/api/v1/appointments/queue'],
    ['billing', 'cashier', '/api/v1/billing/invoices'],
  ];
  const out: Record<string, Sample[]> = Object.fromEntries(probes.map(([m]) => [m, []]));
  const until = Date.now() + ms;
  await Promise.all(
    probes.map(async ([m, role, p]) => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const r = await c.api(role, 'GET', p);
        out[m]!.push({ ok: r.status === 200, status: r.status, ms: performance.now() - t0 });
      }
    }),
  );
  return out;
}

function stats(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const q = (p: number) => Math.round((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0) * 10) / 10;
  const statuses: Record<number, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return { requests: samples.length, successRate: samples.length ? Math.round((samples.filter((s) => s.ok).length / samples.length) * 1000) / 1000 : 0, p50ms: q(0.5), p95ms: q(0.95), maxMs: q(1), statuses };
}

describe('split mode: one module service killed and restarted', () => {
  it('the others keep serving, B degrades and heals without a gateway restart', async () => {
    const patient = await registerPatient(c);
    const q = await walkIn(c, patient.id, poliId, c.staff.doctor.id);
    summary.before = Object.fromEntries(Object.entries(await traffic(1500, patient.id, q.encounterId)).map(([m, s]) => [m, stats(s)]));

    // SIGKILL: no drain, no goodbye; the gateway learns from refused connections and its probe.
    svcB.proc.kill('SIGKILL');
    await waitFor('B to exit', async () => !svcB.alive());
    const killedAt = Date.now();
    const during = await traffic(4000, patient.id, q.encounterId);
    summary.during = Object.fromEntries(Object.entries(during).map(([m, s]) => [m, stats(s)]));
    for (const m of ['patients', 'records', 'staff', 'audit']) {
      const st = stats(during[m]!);
      expect(st.successRate, `${m} during the outage: ${JSON.stringify(st)}`).toBe(1);
    }
    for (const m of ['appointments', 'billing']) {
      const st = stats(during[m]!);
      // 503 (unavailable), never 504: the gateway fails fast instead of waiting out the deadline.
      // Latencies are recorded in test-artifacts/split-outage.json, not asserted (benchmarks measure speed).
      expect(Object.keys(st.statuses), `${m} answers only 503 while down`).toEqual(['503']);
    }
    // /ready names the lost modules down; the rest stay up.
    const gw = await waitFor('gateway /ready to see B down', async () => {
      const r = await readyModules(gateway.url);
      return r.appointments!.state === 'down' && r.billing!.state === 'down' ? r : null;
    });
    for (const m of ['staff', 'audit', 'patients', 'records']) expect(gw[m]!.state, m).toBe('up');
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('degraded');
    // B's panels answer the self-healing degraded fragment; the dashboard and A's panels work.
    expectStatus(await c.page('admin', 'GET', '/?overview'), 200);
    for (const p of ['/appointments/_panel/today', '/billing/_panel/today']) {
      const r = await c.page('admin', 'GET', p, undefined, { 'HX-Request': 'true' });
      expect(r.status, p).toBe(503);
      expect(r.text, p).toContain('panel-unavailable');
      expect(r.text, p).toContain(`hx-get="${p}"`);
    }
    expect((await c.page('admin', 'GET', '/patients/_panel/recent', undefined, { 'HX-Request': 'true' })).text).not.toContain('panel-unavailable');
    // Contract callers degrade: the audit log names what it could not read.
    const log = expectStatus(await c.api('admin', 'GET', `/api/v1/audit?patientId=${patient.id}`), 200).body;
    expect(log.unavailable.sort()).toEqual(['appointments', 'billing']);
    expect(log.entries.length).toBeGreaterThan(0);
    summary.outageMs = Date.now() - killedAt;

    // Restart B on its port, same data; the gateway is not touched.
    const restartAt = Date.now();
    svcB = await startNode(specB);
    const startedMs = Date.now() - restartAt;
    await waitFor(
      'the gateway to route to B again',
      async () => {
        const [queue, invoices] = await Promise.all([c.api('front_desk', 'GET', '/api/v1/appointments/queue'), c.api('cashier', 'GET', '/api/v1/billing/invoices')]);
        return queue.status === 200 && JSON.stringify(queue.body).includes(patient.fullName) && invoices.status === 200;
      },
      30_000,
      50,
    );
    const healedMs = Date.now() - restartAt;
    // Half-open until a few probes succeed ('degraded'), never 'down' again.
    await waitFor('gateway /ready: nothing down', async () => Object.values(await readyModules(gateway.url)).every((s) => s.state !== 'down'), 15_000);
    const readyMs = Date.now() - restartAt;
    const panel = await c.page('admin', 'GET', '/billing/_panel/today', undefined, { 'HX-Request': 'true' });
    expect(panel.status).toBe(200);
    expect(panel.text).not.toContain('panel-unavailable');
    // The data B wrote before the kill is there, and a new walk-in crosses processes again.
    const again = await walkIn(c, (await registerPatient(c)).id, poliId);
    expect(again.encounterId).toBeGreaterThan(q.encounterId);
    expect(expectStatus(await c.api('admin', 'GET', `/api/v1/audit?patientId=${patient.id}`), 200).body.unavailable).toEqual([]);
    summary.restart = { processStartMs: startedMs, firstSuccessAfterRestartMs: healedMs, readyNothingDownAfterRestartMs: readyMs };
    summary.after = Object.fromEntries(Object.entries(await traffic(1500, patient.id, q.encounterId)).map(([m, s]) => [m, stats(s)]));
    for (const m of Object.keys(summary.after as object)) expect((summary.after as Record<string, { successRate: number }>)[m]!.successRate, m).toBe(1);
    const healed = await readyModules(gateway.url);
    for (const [m, s] of Object.entries(healed)) expect(`${m}: ${s.state}/${s.breaker}`).toBe(`${m}: up/closed`);
    console.log(JSON.stringify({ during: summary.during, restart: summary.restart }, null, 1));
  });
});
