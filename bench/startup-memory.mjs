#!/usr/bin/env node
// Startup time to ready and idle memory of the whole Bilik process, on an
// existing data dir holding N patients (already migrated and started once) and
// on an empty one (first install: every module's migrations, the admin account).
// Startup: spawn → the "Bilik is running" banner, and spawn → the first
// GET /ready 200 (polled every 10 ms on a port chosen beforehand).
// Memory, after it has idled --settle seconds: VmRSS and VmHWM of the process
// from /proc/<pid>/status (worker threads share its address space, so this is
// all of Bilik), its thread count, and process_resident_memory_bytes and the
// JS heap from /metrics. Medians of --repeats starts each.
// Prints a Markdown table and writes .bench/startup-memory.json.
//   node bench/startup-memory.mjs [--patients 100000] [--repeats 3] [--settle 5] [--seed file]
import { dataDirWith, machine, median, mib, ms, option, progress, removeDir, sleep, table, writeJson } from './lib/common.mjs';
import { metricsText, metricValue, procStatus } from './lib/probe.mjs';
import { seedFile } from './lib/seed.mjs';
import { freePort, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const REPEATS = Math.max(1, option('repeats', 3));
const SETTLE = option('settle', 5);

/** One start: time to banner and to /ready 200, then idle memory after SETTLE seconds. */
async function startOnce(dataDir) {
  const port = await freePort();
  const t0 = performance.now();
  const base = `http://127.0.0.1:${port}`;
  let readyMs = null;
  let polling = true;
  const poll = (async () => {
    while (polling && readyMs === null) {
      try {
        const res = await fetch(`${base}/ready`);
        await res.arrayBuffer();
        if (res.status === 200) readyMs = performance.now() - t0;
      } catch {
        /* not listening yet */
      }
      if (readyMs === null) await sleep(10);
    }
  })();
  const server = await startServer(dataDir, { PORT: String(port) });
  try {
    const bannerMs = server.spawnedAt - t0 + server.bannerMs;
    const limit = performance.now() + 60_000;
    while (readyMs === null && performance.now() < limit) await sleep(5);
    polling = false;
    await poll;
    await sleep(SETTLE * 1000);
    const status = procStatus(server.pid);
    const text = await metricsText(base);
    return {
      bannerMs,
      readyMs,
      ...status,
      residentBytes: metricValue(text, 'process_resident_memory_bytes'),
      heapUsedBytes: metricValue(text, 'nodejs_heap_size_used_bytes'),
    };
  } finally {
    await stopServer(server);
  }
}

function summarise(runs) {
  const pick = (k) => median(runs.map((r) => r[k]).filter((v) => v !== null));
  return { bannerMs: pick('bannerMs'), readyMs: pick('readyMs'), vmRss: pick('vmRss'), vmHwm: pick('vmHwm'), threads: pick('threads'), residentBytes: pick('residentBytes'), heapUsedBytes: pick('heapUsedBytes') };
}

const seed = await seedFile(PATIENTS);
const existing = dataDirWith(seed.file, 'startup-existing');
const empties = [];
try {
  // The existing clinic: started once beforehand, so every module's database is migrated and the admin exists.
  progress('startup: preparing the existing data dir (first start, not measured) …');
  await stopServer(await startServer(existing));
  const cases = [];
  const withData = [];
  for (let r = 0; r < REPEATS; r++) {
    progress(`startup: existing data dir with ${PATIENTS} patients, run ${r + 1}/${REPEATS} …`);
    withData.push(await startOnce(existing));
  }
  cases.push({ name: `existing data dir, ${PATIENTS.toLocaleString('en')} patients`, runs: withData, median: summarise(withData) });
  const empty = [];
  for (let r = 0; r < REPEATS; r++) {
    progress(`startup: empty data dir, run ${r + 1}/${REPEATS} …`);
    const dir = dataDirWith(null, 'startup-empty');
    empties.push(dir);
    empty.push(await startOnce(dir));
  }
  cases.push({ name: 'empty data dir (first install)', runs: empty, median: summarise(empty) });

  writeJson('startup-memory', { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, repeats: REPEATS, settleSeconds: SETTLE, cases });
  const lines = [
    `## Startup to ready and idle memory (median of ${REPEATS} starts; memory after ${SETTLE} s idle)`,
    '',
    table(
      ['data dir', 'spawn → banner ms', 'spawn → /ready 200 ms', 'VmRSS MiB', 'VmHWM MiB', 'threads', 'process_resident_memory_bytes MiB', 'JS heap used MiB'],
      cases.map((c) => [c.name, ms(c.median.bannerMs), ms(c.median.readyMs), mib(c.median.vmRss), mib(c.median.vmHwm), String(c.median.threads), mib(c.median.residentBytes), mib(c.median.heapUsedBytes)]),
    ),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (cases.some((c) => c.runs.some((r) => r.readyMs === null))) process.exitCode = 1;
} finally {
  removeDir(existing);
  for (const d of empties) removeDir(d);
  seed.cleanup();
}
