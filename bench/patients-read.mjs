#!/usr/bin/env node
// Patient search at 100k patients: the same handler run in-process (no HTTP, no
// worker) versus through the full path (HTTP → kernel → breaker → bulkhead →
// worker thread → SQLite → rendered JSON). Prints a Markdown table and writes
// .bench/patients-read.json. Figures are from one run, so compare the ratio.
//   node bench/patients-read.mjs [--patients 100000] [--seconds 10] [--connections 8]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Kysely, SqliteDialect } from 'kysely';
import { adminToken, startServer } from './server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { openSqlite } = await import(dist('src/kernel/db/open.js'));
const { runMigrations } = await import(dist('src/kernel/db/migrate.js'));
const { migrations } = await import(dist('src/modules/patients/migrations/index.js'));
const { insertPatient } = await import(dist('src/modules/patients/repo.js'));
const { searchPatients } = await import(dist('src/modules/patients/handlers/search-patients.js'));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const PATIENTS = arg('patients', 100_000);
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 8);

const GIVEN = ['Siti', 'Budi', 'Agus', 'Dewi', 'Sri', 'Eko', 'Putri', 'Rina', 'Joko', 'Wayan', 'Made', 'Nur', 'Ahmad', 'Ratna', 'Yusuf', 'Indah', 'Bayu', 'Fitri', 'Hendra', 'Lestari'];
const FAMILY = ['Santoso', 'Rahmawati', 'Pratama', 'Wijaya', 'Hidayat', 'Saputra', 'Kusuma', 'Nugroho', 'Susanti', 'Halim', 'Siregar', 'Nasution', 'Harahap', 'Gunawan', 'Setiawan', 'Aminah', 'Purba', 'Sembiring', 'Tanjung', 'Lubis'];

/** A valid NIK for patient i: region, DDMMYY (+40 for women), serial. */
function person(i) {
  const sex = i % 2 ? 'F' : 'M';
  const y = 1940 + (i % 80);
  const m = 1 + (i % 12);
  const d = 1 + (i % 28);
  const dd = String(sex === 'F' ? d + 40 : d).padStart(2, '0');
  const nik = `3171${String(10 + (i % 80)).padStart(2, '0')}${dd}${String(m).padStart(2, '0')}${String(y % 100).padStart(2, '0')}${String(1 + Math.floor(i / 80) % 9999).padStart(4, '0')}`;
  const single = i % 17 === 0;
  const fullName = single ? `${GIVEN[i % 20]}${FAMILY[(i * 7) % 20].toLowerCase()}` : `${GIVEN[i % 20]} ${FAMILY[(i * 7) % 20]} ${FAMILY[(i * 3) % 20]}`;
  const birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { nik, fullName, sex, birthDate, payer: i % 3 === 0 ? 'bpjs' : 'general', bpjsNumber: i % 3 === 0 ? String(1000000000000 + i) : undefined };
}

async function seed(dataDir) {
  const sqlite = openSqlite(path.join(dataDir, 'patients.sqlite'), 'NORMAL');
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  await runMigrations({ db, timings: [], close: async () => {} }, migrations, 'patients');
  const seen = new Set();
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; n < PATIENTS; i++) {
    const p = person(i);
    if (seen.has(p.nik)) continue;
    seen.add(p.nik);
    if (!p.bpjsNumber) delete p.bpjsNumber;
    await insertPatient(db, p, 1);
    n++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { db, sqlite, seconds };
}

const QUERIES = [
  { kind: 'name prefix', q: 'rahma' },
  { kind: 'name prefix', q: 'siti nasu' },
  { kind: 'NIK', q: person(4242).nik },
  { kind: 'MRN', q: 'RM-054321' },
  { kind: 'empty (newest)', q: '' },
];

async function inProcess(db) {
  const ctx = { db, module: 'patients', user: null, requestId: 'bench', deadline: Infinity, settings: {}, call: async () => [] };
  const perKind = [];
  let total = 0;
  let ops = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    for (const { q } of QUERIES) {
      await searchPatients({ params: {}, query: { q, page: '1' }, body: undefined, form: false, htmx: false, clientIp: '' }, ctx);
      ops++;
    }
  }
  total = (performance.now() - t0) / 1000;
  for (const { kind, q } of QUERIES) {
    const n = 300;
    const s = performance.now();
    for (let i = 0; i < n; i++) await searchPatients({ params: {}, query: { q, page: '1' }, body: undefined, form: false, htmx: false, clientIp: '' }, ctx);
    perKind.push({ kind, q, avgMs: (performance.now() - s) / n });
  }
  return { opsPerSec: ops / total, perKind };
}

async function throughKernel(url) {
  const token = await adminToken(url);
  const requests = QUERIES.map(({ q }) => ({ method: 'GET', path: `/api/v1/patients?q=${encodeURIComponent(q)}&page=1`, headers: { authorization: `Bearer ${token}` } }));
  const warm = await autocannon({ url, connections: 2, duration: 2, requests });
  void warm;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  return { rps: r.requests.average, p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bilik-bench-'));
try {
  process.stderr.write(`seeding ${PATIENTS} patients into ${dataDir} …\n`);
  const { db, seconds } = await seed(dataDir);
  process.stderr.write(`seeded in ${seconds.toFixed(1)} s; in-process run (${SECONDS} s) …\n`);
  const local = await inProcess(db);
  await db.destroy();
  process.stderr.write('through the kernel …\n');
  const { proc, url } = await startServer(dataDir);
  let kernel;
  try {
    kernel = await throughKernel(url);
  } finally {
    proc.kill('SIGTERM');
  }
  const ratio = kernel.rps / local.opsPerSec;
  const out = { when: new Date().toISOString(), patients: PATIENTS, seconds: SECONDS, connections: CONNECTIONS, cores: os.cpus().length, seedSeconds: seconds, inProcess: local, kernel, ratio };
  mkdirSync(path.join(root, '.bench'), { recursive: true });
  writeFileSync(path.join(root, '.bench', 'patients-read.json'), JSON.stringify(out, null, 2));
  const lines = [
    `## Patient search at ${PATIENTS.toLocaleString('en')} patients (${os.cpus().length} cores, one run)`,
    '',
    '| path | requests/s | p50 ms | p97.5 ms | p99 ms | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| in-process handler (1 thread, no HTTP) | ${local.opsPerSec.toFixed(0)} | | | | |`,
    `| HTTP → kernel → worker pool (${CONNECTIONS} connections) | ${kernel.rps.toFixed(0)} | ${kernel.p50} | ${kernel.p97_5} | ${kernel.p99} | ${kernel.non2xx} |`,
    '',
    `**Ratio kernel / in-process: ${ratio.toFixed(2)}**`,
    '',
    '| query kind | q | in-process avg ms |',
    '| --- | --- | ---: |',
    ...local.perKind.map((k) => `| ${k.kind} | \`${k.q}\` | ${k.avgMs.toFixed(3)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
