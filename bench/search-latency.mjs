#!/usr/bin/env node
// Patient search latency at N patients through the API, one request at a time
// (no queueing: what a front-desk clerk waits for), per query kind: a one-word
// and a two-word name prefix, a full NIK and an MRN, each kind cycling through
// queries spread over the whole register. Timed on the client, so it includes
// HTTP, auth, the kernel and the worker hop. Also the server's CPU time per
// request (all its threads, from /proc/<pid>/stat).
// Prints a Markdown table and writes .bench/search-latency.json.
//   node bench/search-latency.mjs [--patients 100000] [--requests 300] [--seed file]
import { dataDirWith, machine, ms, option, progress, quantile, removeDir, table, writeJson } from './lib/common.mjs';
import { bearer, procCpuMs, timed } from './lib/probe.mjs';
import { searchQueries, seedFile } from './lib/seed.mjs';
import { adminToken, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const REQUESTS = option('requests', 300);

const seed = await seedFile(PATIENTS);
const dataDir = dataDirWith(seed.file, 'search');
try {
  const server = await startServer(dataDir);
  const kinds = [];
  try {
    const token = await adminToken(server.url);
    const get = (q) => timed(`${server.url}/api/v1/patients?q=${encodeURIComponent(q)}&page=1`, { headers: bearer(token) });
    const queries = searchQueries(PATIENTS);
    // Warm-up: every query once, so both worker threads have their statements prepared and pages cached.
    for (const list of Object.values(queries)) for (const q of list) await get(q);
    for (const [kind, list] of Object.entries(queries)) {
      progress(`search latency: ${kind}, ${REQUESTS} requests …`);
      const lat = [];
      let failed = 0;
      const cpu0 = procCpuMs(server.pid);
      for (let i = 0; i < REQUESTS; i++) {
        const s = await get(list[i % list.length]);
        if (s.status === 200) lat.push(s.ms);
        else failed++;
      }
      const cpuMsPerRequest = (procCpuMs(server.pid) - cpu0) / REQUESTS;
      kinds.push({ kind, examples: list.slice(0, 3), requests: REQUESTS, failed, cpuMsPerRequest, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), max: quantile(lat, 1) });
    }
  } finally {
    await stopServer(server);
  }
  writeJson('search-latency', { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, requestsPerKind: REQUESTS, kinds });
  const lines = [
    `## Patient search latency at ${PATIENTS.toLocaleString('en')} patients (through the API, one request at a time, ${REQUESTS} per kind)`,
    '',
    table(
      ['query kind', 'e.g.', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'server CPU ms / request', 'failed'],
      kinds.map((k) => [k.kind, `\`${k.examples[0]}\``, ms(k.p50), ms(k.p95), ms(k.p99), ms(k.max), ms(k.cpuMsPerRequest), String(k.failed)]),
    ),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (kinds.some((k) => k.failed > 0)) process.exitCode = 1;
} finally {
  removeDir(dataDir);
  seed.cleanup();
}
