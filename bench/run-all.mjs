#!/usr/bin/env node
// `npm run bench`: seeds N patients once, then runs every benchmark script on
// copies of that same file, one after the other (each prints its own Markdown
// table and writes .bench/<name>.json), and ends with a summary table
// (.bench/summary.json). Figures come from one run on one machine: compare the
// ratios and orders of magnitude, not single numbers across machines.
//   node bench/run-all.mjs [--patients 100000] [--seconds 10] [--connections 8] [--only read,write,search,recovery,startup]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, machine, mib, ms, num, option, progress, readJson, removeDir, table, writeJson } from './lib/common.mjs';
import { seedPatients } from './lib/seed.mjs';

const PATIENTS = option('patients', 100_000);
const SECONDS = option('seconds', 10);
const CONNECTIONS = option('connections', 8);
const SCRIPTS = [
  { key: 'read', file: 'patients-read.mjs', json: 'patients-read' },
  { key: 'write', file: 'patients-write.mjs', json: 'patients-write' },
  { key: 'search', file: 'search-latency.mjs', json: 'search-latency' },
  { key: 'recovery', file: 'recovery.mjs', json: 'recovery' },
  { key: 'startup', file: 'startup-memory.mjs', json: 'startup-memory' },
];
const only = option('only', '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const chosen = only.length ? SCRIPTS.filter((s) => only.includes(s.key)) : SCRIPTS;
if (chosen.length === 0) throw new Error(`--only: none of ${SCRIPTS.map((s) => s.key).join(', ')}`);

const started = new Date();
const loadBefore = machine().loadavg;
const seedDir = mkdtempSync(path.join(os.tmpdir(), 'bilik-bench-seed-'));
const seed = path.join(seedDir, 'patients.sqlite');
const outcomes = {};
let seedSeconds;
try {
  progress(`seeding ${PATIENTS} patients (in-process, the module's own insertPatient) …`);
  seedSeconds = await seedPatients(seed, PATIENTS);
  progress(`seeded in ${seedSeconds.toFixed(1)} s`);
  process.stdout.write(`# Bilik benchmarks — ${PATIENTS.toLocaleString('en')} patients, ${started.toISOString()}\n\n`);
  for (const s of chosen) {
    progress(`\n== ${s.file} ==`);
    const args = [path.join(ROOT, 'bench', s.file), '--patients', String(PATIENTS), '--seconds', String(SECONDS), '--connections', String(CONNECTIONS), '--seed', seed];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    outcomes[s.key] = r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`;
  }
} finally {
  removeDir(seedDir);
}

/** The JSON a script wrote in this run, or null (failed, or left over from an earlier run). */
function result(s) {
  try {
    const j = readJson(s.json);
    return new Date(j.when) >= started ? j : null;
  } catch {
    return null;
  }
}
const res = Object.fromEntries(chosen.map((s) => [s.key, result(s)]));
const rows = [];
const { read, write, search, recovery, startup } = res;
for (const [label, r, unit] of [['read', read, 'reads/s'], ['write', write, 'writes/s']]) {
  if (!r) continue;
  rows.push([`patient ${unit}: kernel vs in-process`, `${num(r.kernel.opsPerSec)} vs ${num(r.inProcess.opsPerSec)} → **ratio ${r.ratio.toFixed(2)}**`, 'target ≥ 0.85']);
  rows.push([`patient ${unit}: kernel vs plain HTTP (same handler behind bare express)`, `${num(r.kernel.opsPerSec)} vs ${num(r.plainHttp.opsPerSec)} → ratio ${r.ratioPlain.toFixed(2)}`, 'the compartment alone: auth, breaker, bulkhead, worker hop']);
  rows.push([`patient ${label} p99 ms: kernel / plain HTTP / in-process`, `${ms(r.kernel.p99)} / ${ms(r.plainHttp.p99)} / ${ms(r.inProcess.p99)}`, `HTTP sides at ${r.connections} connections (includes queueing)`]);
}
if (recovery) {
  const s = recovery.summary;
  rows.push(['worker replacement after a crash (median)', `${ms(s.replacementMedianMs)} ms`, `crash → next request served by the new thread; ${recovery.replacement.length} runs`]);
  rows.push(['next request after a crash, other thread free (median)', `${ms(s.nextWithFreeThreadMedianMs)} ms`, 'default 2 threads per module']);
  rows.push(['recovery after a fault clears (median)', `${ms(s.firstOkAfterClearMedianMs)} ms to first 200, ${ms(s.closedAfterClearMedianMs)} ms to breaker closed`, 'breaker open 5 s by default']);
}
if (startup) {
  for (const c of startup.cases) {
    rows.push([`startup to ready: ${c.name}`, `${ms(c.median.readyMs)} ms (banner ${ms(c.median.bannerMs)} ms)`, `median of ${c.runs.length}`]);
  }
  for (const c of startup.cases) {
    rows.push([`idle memory: ${c.name}`, `VmRSS ${mib(c.median.vmRss)} MiB, process_resident_memory_bytes ${mib(c.median.residentBytes)} MiB`, `${c.median.threads} threads, after ${startup.settleSeconds} s idle`]);
  }
}
if (search) {
  for (const k of search.kinds) rows.push([`search ${k.kind} at ${search.patients.toLocaleString('en')}: p50 / p95 / p99 ms`, `${ms(k.p50)} / ${ms(k.p95)} / ${ms(k.p99)}`, `through the API, ${k.requests} one at a time; server CPU ${ms(k.cpuMsPerRequest)} ms/request`]);
}

const m = machine();
const summary = { when: started.toISOString(), finished: new Date().toISOString(), machine: m, loadBefore, patients: PATIENTS, seconds: SECONDS, connections: CONNECTIONS, seedSeconds, outcomes, rows };
writeJson('summary', summary);
process.stdout.write(
  [
    `## Summary (${PATIENTS.toLocaleString('en')} patients, one run; seeded in ${seedSeconds?.toFixed(0)} s)`,
    '',
    table(['benchmark', 'result', 'note'], rows, true),
    '',
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.ramGiB} GiB RAM, Node ${m.node}, load average ${loadBefore.join(' ')} at the start, ${m.loadavg.join(' ')} at the end (other work on the machine skews the ratios).`,
    `Scripts: ${chosen.map((s) => `${s.file} ${outcomes[s.key] ?? 'not run'}`).join('; ')}.`,
    '',
  ].join('\n'),
);
if (Object.values(outcomes).some((o) => o !== 'ok') || Object.keys(outcomes).length < chosen.length) process.exitCode = 1;
