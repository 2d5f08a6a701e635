#!/usr/bin/env node
// Patient search throughput at N patients: the module's searchPatients handler
// run in-process (one thread, no HTTP, no worker) versus the full path
// (HTTP → auth → kernel → breaker → bulkhead → worker thread → SQLite → JSON),
// on two copies of the same seeded database, interleaved in rounds in one run.
// The ratio kernel / in-process is the price of the isolation on this machine.
// Prints a Markdown table and writes .bench/patients-read.json.
//   node bench/patients-read.mjs [--patients 100000] [--seconds 10] [--rounds 2] [--connections 8] [--warmup 2] [--seed file]
import { dataDirWith, machine, ms, num, option, progress, removeDir, table, writeJson } from './lib/common.mjs';
import { cannon, interleaved } from './lib/compare.mjs';
import { loopFor, openPatientsInProcess } from './lib/in-process.mjs';
import { mixedQueries, seedFile } from './lib/seed.mjs';
import { adminToken, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const SECONDS = option('seconds', 10);
const ROUNDS = Math.max(1, option('rounds', 2));
const CONNECTIONS = option('connections', 8);
const WARMUP = option('warmup', 2);

const seed = await seedFile(PATIENTS);
const queries = mixedQueries(PATIENTS);
const localDir = dataDirWith(seed.file, 'read-local');
const kernelDir = dataDirWith(seed.file, 'read-kernel');
let server;
let local;
try {
  local = openPatientsInProcess(localDir);
  server = await startServer(kernelDir);
  const token = await adminToken(server.url);
  const requests = queries.map((q) => ({ method: 'GET', path: `/api/v1/patients?q=${encodeURIComponent(q)}&page=1`, headers: { authorization: `Bearer ${token}` } }));
  const search = (i) => local.run('searchPatients', { query: { q: queries[i % queries.length], page: '1' } });
  const r = await interleaved({
    rounds: ROUNDS,
    seconds: SECONDS,
    warmup: WARMUP,
    local: (s) => loopFor(s, search, 200),
    kernel: (s, warm) => cannon(server.url, requests, warm ? 2 : CONNECTIONS, s),
    progress: (m) => progress(`read, ${m}`),
  });

  const out = { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP, queries, ...r };
  writeJson('patients-read', out);
  const { inProcess, kernel, ratio } = r;
  const lines = [
    `## Patient search throughput at ${PATIENTS.toLocaleString('en')} patients (one run, ${SECONDS} s each side in ${ROUNDS} interleaved rounds)`,
    '',
    table(
      ['path', 'requests/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'failed'],
      [
        ['in-process searchPatients (1 thread, no HTTP)', num(inProcess.opsPerSec), ms(inProcess.p50), ms(inProcess.p97_5), ms(inProcess.p99), String(inProcess.bad)],
        [`GET /api/v1/patients → kernel → worker pool (${CONNECTIONS} connections)`, num(kernel.opsPerSec), ms(kernel.p50), ms(kernel.p97_5), ms(kernel.p99), String(kernel.bad)],
      ],
    ),
    '',
    `**Read ratio kernel / in-process: ${ratio.toFixed(2)}** (queries in turn: ${queries.map((q) => `\`${q || '(newest)'}\``).join(', ')})`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (inProcess.bad > 0 || kernel.bad > 0) process.exitCode = 1;
} finally {
  if (server) await stopServer(server);
  await local?.close();
  removeDir(localDir);
  removeDir(kernelDir);
  seed.cleanup();
}
