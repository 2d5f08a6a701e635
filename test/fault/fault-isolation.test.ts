// Fault isolation end to end: one real Bilik process, a fault injected into the
// patients module (throw, exit, hang, oom, slow) while patients and staff both
// take concurrent traffic. Staff and /health must not notice; the main thread
// must live; patients must fail fast with proper statuses and heal by itself.
// A restart storm must open the breaker and degrade the htmx panel, not the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startBilik, type Bilik } from '../support/server.js';
import {
  diff,
  improperFailures,
  metricsText,
  metricValue,
  ready,
  restartMetrics,
  runLoad,
  setFault,
  sleep,
  table,
  timed,
  waitForQuietRestartWindow,
  waitForRecovery,
  writeSummary,
  type RestartCause,
} from './load.js';

const PATIENTS_LIMITS = {
  BILIK_PATIENTS_TIMEOUT_MS: '1500',
  BILIK_PATIENTS_MEMORY_MB: '64',
  BILIK_PATIENTS_BREAKER_OPEN_MS: '1000',
  BILIK_PATIENTS_BREAKER_MAX_OPEN_MS: '4000',
  BILIK_PATIENTS_SLOW_CALL_MS: '1000',
  BILIK_PATIENTS_RESTART_WINDOW_MS: '10000',
  BILIK_PATIENTS_MAX_RESTARTS: '3',
};
const LOAD_MS = 4000;
const RECOVERY_BOUND_MS = 30_000;
const RESTART_WINDOW_MS = Number(PATIENTS_LIMITS.BILIK_PATIENTS_RESTART_WINDOW_MS);
const HEALTH_MAX_MS = 1000; // generous: the machine is shared; the point is /health never waits on a module timeout

const SEED = [
  { nik: '3171011205900001', fullName: 'Budi Santoso', sex: 'M', birthDate: '1990-05-12', payer: 'general' },
  { nik: '3171014311850002', fullName: 'Siti Rahayu', sex: 'F', birthDate: '1985-11-03', payer: 'general' },
  { nik: '3171012501780003', fullName: 'Agus Wijaya', sex: 'M', birthDate: '1978-01-25', payer: 'general' },
  { nik: '3171014907010004', fullName: 'Dewi Lestari', sex: 'F', birthDate: '2001-07-09', payer: 'general' },
];
const QUERIES = ['Budi', 'Siti', 'Agus', 'Dewi', ''];

interface FaultSpec {
  fault: 'throw' | 'exit' | 'hang' | 'oom' | 'slow';
  times: number;
  ms?: number;
  /** The error code this fault must produce at least once. */
  code: string;
  /** The restart cause it must count (/ready and /metrics), or 'none' when no worker may die. */
  restart: RestartCause | 'none' | 'any';
}

const FAULTS: FaultSpec[] = [
  { fault: 'throw', times: 8, code: 'INTERNAL', restart: 'none' },
  // An async overrun is cancelled at the deadline (piscina ends the thread); not asserted by cause.
  { fault: 'slow', times: 6, ms: 3000, code: 'MODULE_TIMEOUT', restart: 'any' },
  { fault: 'hang', times: 6, code: 'MODULE_TIMEOUT', restart: 'timeout' },
  { fault: 'oom', times: 6, code: 'MODULE_CRASHED', restart: 'oom' },
  { fault: 'exit', times: 8, code: 'MODULE_CRASHED', restart: 'exit' },
];

let b: Bilik;
let token: string;
let fullName: string;
let stopping = false;
const rows: Array<Record<string, string | number | null>> = [];
const summary: { generatedAt: string; env: Record<string, string>; loadMs: number; faults: unknown[]; storm: unknown; queuedTimeout: unknown; died?: unknown } = {
  generatedAt: new Date().toISOString(),
  env: PATIENTS_LIMITS,
  loadMs: LOAD_MS,
  faults: [],
  storm: null,
  queuedTimeout: null,
};
/** Each scenario starts with an empty restart-intensity window, so one fault's restarts do not trip the next one's storm. */
const quiet = () => waitForQuietRestartWindow(b.logs, 'patients', RESTART_WINDOW_MS);

const bearer = () => ({ authorization: `Bearer ${token}` });
const pct = (ok: number, total: number) => (total === 0 ? 0 : Math.round((ok / total) * 1000) / 10);

beforeAll(async () => {
  b = await startBilik({ env: { BILIK_CHAOS: '1', LOG_LEVEL: 'info', ...PATIENTS_LIMITS } });
  token = await b.loginApi('admin', ADMIN_PASSWORD);
  for (const p of SEED) {
    const res = await fetch(`${b.url}/api/v1/patients`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer() }, body: JSON.stringify(p) });
    if (res.status !== 201 && res.status !== 200) throw new Error(`seed ${p.fullName}: HTTP ${res.status} ${await res.text()}`);
  }
  const me = (await (await fetch(`${b.url}/api/v1/staff/me`, { headers: bearer() })).json()) as { fullName: string };
  fullName = me.fullName;
  // If the main process ever dies, keep how and its last words for the report.
  b.proc.once('exit', (code, signal) => {
    if (stopping) return;
    summary.died = { code, signal, at: new Date().toISOString(), lastLogs: b.logs.slice(-60) };
    console.error(`\nBILIK PROCESS EXITED (code ${code}, signal ${signal}); last log lines:\n${b.logs.slice(-60).join('\n')}\n`);
  });
});

afterAll(async () => {
  if (rows.length) console.log(`\nFault isolation summary (patients faulted, staff + /health measured)\n${table(rows)}\n`);
  summary.generatedAt = new Date().toISOString();
  writeSummary(summary);
  stopping = true;
  await b?.stop();
});

describe('a fault in patients stays in patients', () => {
  for (const spec of FAULTS) {
    it(`${spec.fault}: staff and /health unaffected, patients fails properly and recovers`, async () => {
      await quiet();
      const readyBefore = await ready(b.url);
      const metricsBefore = await restartMetrics(b.url);
      await setFault(b.url, token, { module: 'patients', fault: spec.fault, times: spec.times, ...(spec.ms !== undefined && { ms: spec.ms }) });
      let load;
      try {
        load = await runLoad({ url: b.url, token, username: 'admin', password: ADMIN_PASSWORD, durationMs: LOAD_MS, patientLoops: 4, loginLoops: 2, meLoops: 2, queries: QUERIES });
      } finally {
        await setFault(b.url, token, { module: 'patients', fault: 'none' });
      }
      const aliveAfterFault = b.alive();
      const recovery = await waitForRecovery(b.url, token, RECOVERY_BOUND_MS);
      const restartsReady = diff((await ready(b.url)).restarts, readyBefore.restarts);
      const restartsMetrics = diff(await restartMetrics(b.url), metricsBefore);

      const p = load.patients.stats();
      const login = load.login.stats();
      const me = load.me.stats();
      const health = load.health.stats();
      const improper = improperFailures(load.patients.all());
      const entry = { fault: spec.fault, times: spec.times, ms: spec.ms ?? null, patients: p, login, me, health, recoveryMs: recovery.ms, recovery, restartsReady, restartsMetrics, improper: improper.slice(0, 5), aliveAfterFault };
      summary.faults.push(entry);
      rows.push({
        fault: spec.fault,
        'staff ok %': pct(login.ok + me.ok, login.total + me.total),
        'staff reqs': login.total + me.total,
        'health ok %': pct(health.ok, health.total),
        'health max ms': health.maxMs,
        'patients ok': p.ok,
        'patients failed': p.failed,
        'failure codes': Object.entries(p.failures).map(([k, v]) => `${k}×${v}`).join(' '),
        restarts: Object.entries(restartsReady).filter(([, v]) => v > 0).map(([k, v]) => `${k}+${v}`).join(' ') || '0',
        'recovery ms': recovery.ms,
      });
      writeSummary(summary);

      // The main thread never died.
      expect(aliveAfterFault, 'server process alive after the fault').toBe(true);
      expect(b.alive(), 'server process alive after recovery').toBe(true);
      // The healthy module and the probes did not notice.
      expect(login.total, 'logins attempted').toBeGreaterThan(0);
      expect(me.total, '/staff/me attempted').toBeGreaterThan(0);
      expect({ failures: login.failures, examples: login.examples }, 'staff logins: 100% success').toEqual({ failures: {}, examples: [] });
      expect({ failures: me.failures, examples: me.examples }, '/staff/me: 100% success').toEqual({ failures: {}, examples: [] });
      expect(health.failures, '/health: 100% 200').toEqual({});
      expect(health.maxMs, '/health max latency (ms)').toBeLessThan(HEALTH_MAX_MS);
      // Patients failed, but only properly, and never hung.
      expect(p.clientTimeouts, 'patients requests hung past the client abort').toBe(0);
      expect(improper, 'patients failures with an improper status/code/Retry-After').toEqual([]);
      expect(p.failed, 'the fault was felt').toBeGreaterThan(0);
      expect(Object.keys(p.failures).some((k) => k.endsWith(` ${spec.code}`)), `at least one ${spec.code}: ${JSON.stringify(p.failures)}`).toBe(true);
      // It healed by itself once the fault was gone.
      expect(recovery.ms, `recovered within ${RECOVERY_BOUND_MS} ms (last: ${recovery.lastFailure})`).not.toBeNull();
      // Restarts are counted by cause, the same in /ready and /metrics.
      expect(restartsMetrics, '/metrics restarts agree with /ready').toEqual(restartsReady);
      if (spec.restart === 'none') expect(restartsReady, 'a thrown error kills no worker').toEqual({ exit: 0, oom: 0, timeout: 0, error: 0 });
      else if (spec.restart !== 'any') expect(restartsReady[spec.restart], `restarts.${spec.restart} increased`).toBeGreaterThan(0);
    }, 90_000);

    if (spec.fault === 'throw') {
      // Right after the restart-free fault, so the restart-intensity window holds only this burst.
      it('restart storm: the 4th exit within the window opens the breaker; the htmx panel degrades, staff panel works; both heal', stormTest, 90_000);
    }
  }

  it('hang: requests that time out while waiting for a replacement worker are not counted as worker restarts', queuedTimeoutTest, 60_000);
});

/**
 * Two hangs occupy both patients threads; two plain searches wait behind them in
 * the bulkhead. When the hangs hit the deadline their threads are terminated
 * (2 real restarts) and the plain searches move into the pool, where they wait
 * for the replacement threads and reach their own deadline 20 ms later, long
 * before a new thread can be up. Those two never ran on a thread: no worker died
 * for them, so they are timeouts, not restarts.
 */
async function queuedTimeoutTest(): Promise<void> {
  await quiet();
  await waitForRecovery(b.url, token, RECOVERY_BOUND_MS);
  for (let i = 0; i < 3; i++) await Promise.all([0, 1].map(() => timed(`${b.url}/api/v1/patients?q=`, { headers: bearer() }))); // both threads warm
  const storms = () => b.logs.filter((l) => l.includes('restart storm') && l.includes('"module":"patients"')).length;
  const stormsBefore = storms();
  const readyBefore = await ready(b.url);
  const metricsBefore = await restartMetrics(b.url);
  await setFault(b.url, token, { module: 'patients', fault: 'hang', times: 2 });
  let answers: string[];
  try {
    const search = () => timed(`${b.url}/api/v1/patients?q=Budi`, { headers: bearer() });
    const hangs = [search(), search()];
    await sleep(20);
    const queued = [search(), search()];
    answers = (await Promise.all([...hangs, ...queued])).map((s) => `${s.status} ${s.code ?? s.clientError ?? ''}`);
  } finally {
    await setFault(b.url, token, { module: 'patients', fault: 'none' });
  }
  await sleep(500);
  const restartsReady = diff((await ready(b.url)).restarts, readyBefore.restarts);
  const restartsMetrics = diff(await restartMetrics(b.url), metricsBefore);
  const newStorms = storms() - stormsBefore;
  const breakerAfter = (await ready(b.url)).breaker;
  summary.queuedTimeout = { answers, restartsReady, restartsMetrics, newStorms, breakerAfter };
  rows.push({ fault: 'hang×2 + 2 queued', 'staff ok %': null, 'staff reqs': null, 'health ok %': null, 'health max ms': null, 'patients ok': 0, 'patients failed': answers.length, 'failure codes': answers.join(', '), restarts: `timeout+${restartsReady.timeout} (2 real), storms+${newStorms}`, 'recovery ms': null });
  writeSummary(summary);

  expect(b.alive()).toBe(true);
  expect(answers, 'all four time out properly').toEqual(['504 MODULE_TIMEOUT', '504 MODULE_TIMEOUT', '504 MODULE_TIMEOUT', '504 MODULE_TIMEOUT']);
  // Regression: piscina only terminates a thread whose aborted task was running;
  // a task that timed out while queued for a replacement thread kills nothing and
  // must not count as a restart (nor feed the restart intensity).
  expect(restartsReady.timeout, `restarts.timeout counted for 2 hung threads (answers: ${answers.join(', ')})`).toBe(2);
  expect(restartsMetrics.timeout, 'bilik_worker_restarts_total{cause="timeout"} for 2 hung threads').toBe(2);
  // 2 real restarts in a clean window stay within BILIK_PATIENTS_MAX_RESTARTS=3: no storm.
  expect(newStorms, 'restart storms logged for 2 real restarts in a clean window').toBe(0);
  expect(breakerAfter, 'patients breaker after two hung requests').toBe('closed');
}

async function stormTest(): Promise<void> {
  await quiet();
  const jar = await b.loginBrowser('admin', ADMIN_PASSWORD);
  const htmx = { cookie: jar.cookie, 'HX-Request': 'true' };
  const readyBefore = await ready(b.url);
  expect(readyBefore.breaker).toBe('closed');

  // Watch the breaker gauge throughout.
  let watching = true;
  let gaugeOpenSeen = false;
  const watcher = (async () => {
    while (watching) {
      if (metricValue(await metricsText(b.url), 'bilik_breaker_state', { module: 'patients' }) === 2) gaugeOpenSeen = true;
      await sleep(100);
    }
  })();

  const answers: string[] = [];
  let exitsWhenOpened: number | null = null;
  let panel = null;
  let staffPanel = null;
  let readyOpen = false;
  await setFault(b.url, token, { module: 'patients', fault: 'exit', times: 10 });
  try {
    for (let i = 0; i < 10 && exitsWhenOpened === null; i++) {
      const s = await timed(`${b.url}/api/v1/patients?q=Budi`, { headers: bearer() });
      answers.push(`${s.status} ${s.code ?? s.clientError ?? ''}`);
      const r = await ready(b.url);
      if (r.breaker === 'open') {
        exitsWhenOpened = r.restarts.exit - readyBefore.restarts.exit;
        readyOpen = true;
        // While open: the patients panel degrades, the staff panel does not.
        [panel, staffPanel] = await Promise.all([timed(`${b.url}/patients/_panel/recent`, { headers: htmx }, true), timed(`${b.url}/staff/_panel/me`, { headers: htmx }, true)]);
        if (metricValue(await metricsText(b.url), 'bilik_breaker_state', { module: 'patients' }) === 2) gaugeOpenSeen = true;
      }
    }
  } finally {
    await setFault(b.url, token, { module: 'patients', fault: 'none' });
  }
  const recovery = await waitForRecovery(b.url, token, RECOVERY_BOUND_MS);
  watching = false;
  await watcher;
  const panelAfter = await timed(`${b.url}/patients/_panel/recent`, { headers: htmx }, true);
  const gaugeAfter = metricValue(await metricsText(b.url), 'bilik_breaker_state', { module: 'patients' });
  const stormLogged = b.logs.some((l) => l.includes('restart storm') && l.includes('"module":"patients"'));

  summary.storm = { answers, exitsWhenOpened, readyOpen, gaugeOpenSeen, stormLogged, panel, staffPanel, panelAfter: { status: panelAfter.status, ms: panelAfter.ms }, gaugeAfter, recovery };
  rows.push({ fault: 'exit storm', 'staff ok %': staffPanel?.status === 200 ? 100 : 0, 'staff reqs': 1, 'health ok %': null, 'health max ms': null, 'patients ok': answers.filter((a) => a.startsWith('200')).length, 'patients failed': answers.filter((a) => !a.startsWith('200')).length, 'failure codes': answers.join(', '), restarts: `exit+${exitsWhenOpened ?? '?'}`, 'recovery ms': recovery.ms });
  writeSummary(summary);

  expect(b.alive(), 'server process alive').toBe(true);
  expect(answers.every((a) => /^(500 (MODULE_CRASHED|INTERNAL)|503 MODULE_(UNAVAILABLE|OVERLOADED))$/.test(a)), `proper answers only: ${answers.join(', ')}`).toBe(true);
  // BILIK_PATIENTS_MAX_RESTARTS=3: three restarts in the window are tolerated, the fourth trips the breaker.
  expect(readyOpen, `/ready showed the breaker open (answers: ${answers.join(', ')})`).toBe(true);
  expect(exitsWhenOpened, 'exits counted when the breaker opened').toBe(4);
  expect(stormLogged, 'the supervisor logged the restart storm').toBe(true);
  expect(gaugeOpenSeen, 'bilik_breaker_state{module="patients"} 2 seen').toBe(true);
  // Degraded htmx panel: a self-polling "temporarily unavailable" box, not an error page.
  expect(panel?.status, 'patients panel status while open').toBe(503);
  expect(panel?.body).toContain('hx-trigger="every');
  expect(panel?.body).toContain('Temporarily unavailable');
  expect(panel?.body).not.toContain('<html');
  expect(staffPanel?.status, 'staff panel while patients is open').toBe(200);
  expect(staffPanel?.body).toContain(fullName);
  // And it closes again by itself.
  expect(recovery.ms, `recovered within ${RECOVERY_BOUND_MS} ms (last: ${recovery.lastFailure})`).not.toBeNull();
  expect(gaugeAfter, 'bilik_breaker_state back to 0').toBe(0);
  expect(panelAfter.status, `patients panel after recovery: ${panelAfter.body?.slice(0, 300)}`).toBe(200);
  expect(panelAfter.body).not.toContain('Temporarily unavailable');
  expect(panelAfter.body).toContain(SEED[SEED.length - 1]!.fullName);
}
