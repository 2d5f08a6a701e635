#!/usr/bin/env node
// Patient search throughput at N patients, three ways on three copies of the
// same seeded database, interleaved in rounds in one run:
//   in-process  the module's searchPatients handler called directly (one thread, no HTTP);
//   plain HTTP  the same handler behind a bare express app, on its main thread
//               (HTTP + JSON, no auth, breaker, bulkhead or worker hop);
//   kernel      the real server: HTTP → auth → kernel → breaker → bulkhead →
//               worker thread → SQLite → JSON.
// kernel / in-process is the whole price of serving through Bilik; kernel /
// plain HTTP the price of the compartment alone.
// Prints a Markdown table and writes .bench/patients-read.json.
//   node bench/patients-read.mjs [--patients 100000] [--seconds 10] [--rounds 2] [--connections 8] [--warmup 2] [--seed file]
import { dataDirWith, machine, ms, num, option, progress, removeDir, table, writeJson } from './lib/common.mjs';
import { cannon, interleaved } from './lib/compare.mjs';
import { loopFor, openPatientsInProcess } from './lib/in-process.mjs';
import { mixedQueries, seedFile } from './lib/seed.mjs';
import { adminToken, startPlainServer, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const SECONDS = option('seconds', 10);
const ROUNDS = Math.max(1, option('rounds', 2));
const CONNECTIONS = option('connections', 8);
const WARMUP = option('warmup', 2);

const seed = await seedFile(PATIENTS);
const queries = mixedQueries(PATIENTS);
const dirs = { local: dataDirWith(seed.file, 'read-local'), plain: dataDirWith(seed.file, 'read-plain'), kernel: dataDirWith(seed.file, 'read-kernel') };
let server;
let plain;
let local;
try {
  local = openPatientsInProcess(dirs.local);
  plain = await startPlainServer(dirs.plain);
  server = await startServer(dirs.kernel);
  const token = await adminToken(server.url);
  const requests = queries.map((q) => ({ method: 'GET', path: `/api/v1/patients?q=${encodeURIComponent(q)}&page=1`, headers: { authorization: `Bearer ${token}` } }));
  const search = (i) => local.run('searchPatients', { query: { q: queries[i % queries.length], page: '1' } });
  const r = await interleaved({
    rounds: ROUNDS,
    seconds: SECONDS,
    warmup: WARMUP,
    sides: {
      inProcess: (s) => loopFor(s, search, 200),
      plainHttp: (s, warm) => cannon(plain.url, requests, warm ? 2 : CONNECTIONS, s),
      kernel: (s, warm) => cannon(server.url, requests, warm ? 2 : CONNECTIONS, s),
    },
    progress: (m) => progress(`read, ${m}`),
  });
  const { inProcess, plainHttp, kernel } = r;
  const ratio = kernel.opsPerSec / inProcess.opsPerSec;
  const ratioPlain = kernel.opsPerSec / plainHttp.opsPerSec;
  const out = { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP, queries, ...r, ratio, ratioPlain };
  writeJson('patients-read', out);
  const row = (name, x) => [name, num(x.opsPerSec), ms(x.p50), ms(x.p97_5), ms(x.p99), String(x.bad)];
  const lines = [
    `## Patient search throughput at ${PATIENTS.toLocaleString('en')} patients (one run, ${SECONDS} s per side in ${ROUNDS} interleaved rounds)`,
    '',
    table(
      ['path', 'requests/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'failed'],
      [
        row('in-process searchPatients (1 thread, no HTTP)', inProcess),
        row(`plain HTTP: express → same handler on the main thread (${CONNECTIONS} connections)`, plainHttp),
        row(`kernel: GET /api/v1/patients → auth → breaker → bulkhead → worker pool (${CONNECTIONS} connections)`, kernel),
      ],
    ),
    '',
    `**Read ratio kernel / in-process: ${ratio.toFixed(2)}**; kernel / plain HTTP: ${ratioPlain.toFixed(2)} (queries in turn: ${queries.map((q) => `\`${q || '(newest)'}\``).join(', ')})`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (inProcess.bad + plainHttp.bad + kernel.bad > 0) process.exitCode = 1;
} finally {
  if (server) await stopServer(server);
  if (plain) await stopServer(plain);
  await local?.close();
  for (const d of Object.values(dirs)) removeDir(d);
  seed.cleanup();
}
