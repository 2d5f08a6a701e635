// The three load scenarios. Each phase is one autocannon run between two
// /metrics scrapes, so the client's view (rate, latency, status classes per
// module) sits next to the server's (CPU, DB latency, shedding) for the same
// stretch of time. See docs/LOAD.md for what each scenario stands for.
import { registerThenOpen, moduleMix, probeFor, staffReads } from './mix.mjs';
import { patientMaker } from './patients.mjs';
import { scrape, serverFigures, delta } from './metrics.mjs';
import { run } from './traffic.mjs';

export const FAULTS = ['throw', 'exit', 'hang', 'oom', 'slow'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => process.stderr.write(`load: ${msg}\n`);

/** One measured phase: traffic plus the server's figures over the same interval. */
async function phase(ctx, name, opts, runOpts) {
  log(`phase ${name} …`);
  const before = await scrape(ctx.url);
  const traffic = await run({ url: ctx.url, ...opts }, runOpts);
  const after = await scrape(ctx.url);
  return { name, ...traffic, server: serverFigures(before, after, ctx.modules) };
}

/** About one request a second of the six staff reads, for `duration` seconds. */
export async function normal(ctx) {
  const d = ctx.args.duration ?? 60;
  const p = await phase(ctx, 'staff reads', { connections: 1, overallRate: 1, duration: d, requests: staffReads(ctx.sessions, ctx.found) }, { maxSeconds: d + 30 });
  return { phases: [p] };
}

/**
 * 3 clients × 500 (register a patient, open it) back to back, then the staff
 * reads with the throttle open at 50 connections.
 */
export async function high(ctx) {
  const clients = ctx.args.clients ?? 3;
  const pairs = ctx.args.pairs ?? 500;
  const openSeconds = ctx.args.duration ?? 20;
  // A fresh data dir has no load patients yet; a shared clinic gets a random block per run.
  const start = ctx.ownServer ? 0 : 1000 * Math.floor(Math.random() * 880);
  const make = patientMaker(start);
  const writes = await phase(
    ctx,
    `writes: ${clients} clients × ${pairs} (POST+GET)`,
    { connections: clients, amount: clients * pairs * 2, requests: registerThenOpen(ctx.sessions.frontDesk.token, make) },
    { maxSeconds: ctx.args['max-seconds'] ?? 300 },
  );
  const reads = await phase(ctx, `open throttle: 50 connections × ${openSeconds} s`, { connections: ctx.args.connections ?? 50, duration: openSeconds, requests: staffReads(ctx.sessions, ctx.found) }, { maxSeconds: openSeconds + 30, stagger: true });
  return { phases: [writes, reads] };
}

async function setFault(ctx, body) {
  const res = await fetch(`${ctx.url}/_chaos`, { method: 'POST', headers: { authorization: `Bearer ${ctx.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST /_chaos ${JSON.stringify(body)}: HTTP ${res.status} ${await res.text()} (is the app started with BILIK_CHAOS=1?)`);
}

/**
 * Time from `since` to the first of `n` consecutive 2xx answers on the module's
 * probe route, polled every 100 ms; null if that never happens within `boundMs`.
 */
async function recovery(ctx, module, since, n, boundMs) {
  const probe = probeFor(module, ctx.sessions, ctx.adminToken);
  let streak = 0;
  let firstOk = null;
  let polls = 0;
  let last = null;
  while (performance.now() - since < boundMs) {
    const sent = performance.now();
    try {
      const res = await fetch(`${ctx.url}${probe.path}`, { headers: { authorization: `Bearer ${probe.token}` }, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      last = res.status;
    } catch (err) {
      last = err?.name ?? 'error';
    }
    polls++;
    if (typeof last === 'number' && last >= 200 && last < 300) {
      if (streak++ === 0) firstOk = sent;
      if (streak >= n) return { ms: Math.max(0, Math.round(firstOk - since)), polls, last };
    } else {
      streak = 0;
    }
    await sleep(Math.max(0, 100 - (performance.now() - sent)));
  }
  return { ms: null, polls, last };
}

/**
 * Restarts within the module's restart-intensity window add up, so the next
 * fault would find the breaker quick to open: wait until no worker of the
 * module has been replaced for `quietMs`.
 */
async function quiet(ctx, module, quietMs) {
  if (quietMs <= 0) return 0;
  const started = performance.now();
  let last = await scrape(ctx.url);
  let since = performance.now();
  while (performance.now() - since < quietMs && performance.now() - started < quietMs * 4) {
    await sleep(500);
    const now = await scrape(ctx.url);
    if (delta(last, now, 'bilik_worker_restarts_total', { module }) > 0) since = performance.now();
    last = now;
  }
  return Math.round(performance.now() - started);
}

/**
 * Mixed traffic on every module: first without faults (the baseline), then
 * with each fault kind injected into one module in turn; after each fault is
 * cleared, the time until that module answers again.
 */
export async function chaos(ctx) {
  const module = ctx.args.module ?? 'records';
  const seconds = ctx.args.duration ?? 10;
  const faults = ctx.args.faults ? String(ctx.args.faults).split(',') : FAULTS;
  const n = ctx.args['recovery-n'] ?? 5;
  const boundMs = (ctx.args['recovery-max-seconds'] ?? 60) * 1000;
  const quietMs = ctx.args['quiet-ms'] ?? 10_000;
  const slowMs = ctx.args['slow-ms'] ?? 1000;
  const traffic = { connections: ctx.args.connections ?? 10, overallRate: ctx.args.rate ?? 20, duration: seconds, requests: moduleMix(ctx.sessions, ctx.found, ctx.adminToken) };
  const runOpts = { maxSeconds: seconds + 30, stagger: true };
  const healthy = (m) => m !== module && m !== 'kernel' && m !== 'unknown';

  await setFault(ctx, { module, fault: 'none' });
  const baseline = await phase(ctx, 'baseline (no fault)', traffic, runOpts);
  const phases = [baseline];
  const results = [];
  for (const fault of faults) {
    await quiet(ctx, module, quietMs);
    log(`fault ${fault} in ${module} …`);
    const before = await scrape(ctx.url);
    await setFault(ctx, { module, fault, ...(fault === 'slow' && { ms: slowMs }) });
    let t;
    let cleared;
    try {
      t = await run({ url: ctx.url, ...traffic }, runOpts);
    } finally {
      await setFault(ctx, { module, fault: 'none' });
      cleared = performance.now();
    }
    const after = await scrape(ctx.url);
    const rec = await recovery(ctx, module, cleared, n, boundMs);
    const server = serverFigures(before, after, ctx.modules);
    const p = { name: `${fault} in ${module}`, fault, ...t, server };
    phases.push(p);
    const faulty = t.modules[module] ?? null;
    results.push({
      fault,
      healthy: t.group(healthy),
      faulty,
      shed: server.modules[module]?.shed ?? 0,
      breakerRejected: server.modules[module]?.breakerRejected ?? 0,
      restarts: server.modules[module]?.restarts ?? 0,
      recovery: rec,
    });
  }
  return { module, faults: results, baselineHealthy: baseline.group(healthy), phases };
}
