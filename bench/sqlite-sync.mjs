#!/usr/bin/env node
// Write throughput of patient registration through the real server (HTTP →
// kernel → patients worker → SQLite) with BILIK_SQLITE_SYNC=NORMAL versus FULL,
// in one run: each mode on a fresh data dir, same duration and connections, every
// request a new patient with a unique valid NIK. Prints a Markdown table and the
// ratio FULL / NORMAL, writes .bench/sqlite-sync.json. Figures are from one run
// on one disk, so compare the ratio; NORMAL survives a process crash, FULL also
// a power loss (each commit waits for an fsync of the WAL).
//   node bench/sqlite-sync.mjs [--seconds 8] [--connections 8] [--warmup 1] [--dir /path/on/the/disk/to/measure]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { newPatient as patient } from './lib/seed.mjs';
import { adminToken, startServer } from './server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', 8));
const CONNECTIONS = Number(arg('connections', 8));
const WARMUP = Number(arg('warmup', 1));
const PARENT = path.resolve(arg('dir', os.tmpdir()));
const MODES = ['NORMAL', 'FULL'];

async function measure(sync, offset) {
  const dataDir = mkdtempSync(path.join(PARENT, `bilik-bench-sync-${sync.toLowerCase()}-`));
  const server = await startServer(dataDir, { BILIK_SQLITE_SYNC: sync });
  try {
    const token = await adminToken(server.url);
    let next = offset;
    const requests = [
      {
        method: 'POST',
        path: '/api/v1/patients',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        // A new patient per request: a repeated NIK would be a cheap 409, not a write.
        setupRequest: (req) => ({ ...req, body: JSON.stringify(patient(next++)) }),
      },
    ];
    const warm = WARMUP > 0 ? await autocannon({ url: server.url, connections: 2, duration: WARMUP, requests }) : null;
    const r = await autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests });
    server.proc.kill('SIGTERM');
    await server.exited;
    // Every 2xx is a row in the module's own file (a cheap check that 201 meant a write);
    // requests cut off when autocannon stops may have committed without being counted.
    const db = new Database(path.join(dataDir, 'patients.sqlite'), { readonly: true, fileMustExist: true });
    const rows = db.prepare('select count(*) as n from patients').get().n;
    db.close();
    const acknowledged = r['2xx'] + (warm?.['2xx'] ?? 0);
    return {
      sync,
      rps: r.requests.average,
      p50: r.latency.p50,
      p97_5: r.latency.p97_5,
      p99: r.latency.p99,
      total: r.requests.total,
      ok2xx: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      acknowledged,
      rows,
      rowsCover2xx: rows >= acknowledged && rows <= next - offset,
    };
  } finally {
    if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const [i, sync] of MODES.entries()) {
  process.stderr.write(`BILIK_SQLITE_SYNC=${sync}: ${WARMUP} s warm-up, ${SECONDS} s at ${CONNECTIONS} connections …\n`);
  results.push(await measure(sync, i * 400_000));
}
const [normal, full] = results;
const ratio = full.rps / normal.rps;
const out = { when: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, warmupSeconds: WARMUP, cores: os.cpus().length, dataParent: PARENT, results, ratioFullOverNormal: ratio };
mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(path.join(root, '.bench', 'sqlite-sync.json'), JSON.stringify(out, null, 2));
const lines = [
  `## Patient registration (write) throughput by SQLite synchronous mode (${os.cpus().length} cores, ${SECONDS} s × ${CONNECTIONS} connections, one run)`,
  '',
  '| BILIK_SQLITE_SYNC | requests/s | p50 ms | p99 ms | non-2xx | errors | rows ≥ 2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...results.map((r) => `| ${r.sync} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors + r.timeouts} | ${r.rowsCover2xx ? 'yes' : `no (${r.rows} < ${r.acknowledged})`} |`),
  '',
  `**Ratio FULL / NORMAL: ${ratio.toFixed(2)}**`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (results.some((r) => r.non2xx > 0 || !r.rowsCover2xx)) process.exitCode = 1;
