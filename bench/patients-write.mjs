#!/usr/bin/env node
// Patient registration throughput at N patients: the module's createPatient
// handler run in-process (one thread: validation, insert + MRN + name tokens +
// audit entry in one transaction, JSON) versus POST /api/v1/patients through
// the full path (HTTP → auth → kernel → breaker → bulkhead → worker thread →
// SQLite), each on its own fresh copy of the same seeded database, with the
// same sequence of new patients (unique valid NIKs), interleaved in rounds in
// one run. Prints a Markdown table and writes .bench/patients-write.json.
//   node bench/patients-write.mjs [--patients 100000] [--seconds 10] [--rounds 2] [--connections 8] [--warmup 2] [--seed file]
import path from 'node:path';
import Database from 'better-sqlite3';
import { dataDirWith, machine, ms, num, option, progress, removeDir, table, writeJson } from './lib/common.mjs';
import { cannon, interleaved } from './lib/compare.mjs';
import { loopFor, openPatientsInProcess } from './lib/in-process.mjs';
import { newPatient, seedFile } from './lib/seed.mjs';
import { adminToken, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const SECONDS = option('seconds', 10);
const ROUNDS = Math.max(1, option('rounds', 2));
const CONNECTIONS = option('connections', 8);
const WARMUP = option('warmup', 2);

function rowsIn(dataDir) {
  const db = new Database(path.join(dataDir, 'patients.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return {
      patients: db.prepare('select count(*) as n from patients').get().n,
      audit: db.prepare("select count(*) as n from audit_log where action = 'create'").get().n,
    };
  } finally {
    db.close();
  }
}

const seed = await seedFile(PATIENTS);
const localDir = dataDirWith(seed.file, 'write-local');
const kernelDir = dataDirWith(seed.file, 'write-kernel');
let server;
let local;
try {
  local = openPatientsInProcess(localDir);
  server = await startServer(kernelDir);
  const token = await adminToken(server.url);
  let nextLocal = 0;
  let nextKernel = 0;
  const created = { local: 0, kernel: 0 };
  const create = async () => {
    const r = await local.run('createPatient', { body: newPatient(nextLocal++) });
    if (r.status === 201) created.local++;
    return r;
  };
  const requests = [
    {
      method: 'POST',
      path: '/api/v1/patients',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // A new patient per request: a repeated NIK would be a cheap 409, not a write.
      setupRequest: (req) => ({ ...req, body: JSON.stringify(newPatient(nextKernel++)) }),
    },
  ];
  const r = await interleaved({
    rounds: ROUNDS,
    seconds: SECONDS,
    warmup: WARMUP,
    local: (s) => loopFor(s, create, 201),
    kernel: async (s, warm) => {
      const c = await cannon(server.url, requests, warm ? 2 : CONNECTIONS, s);
      created.kernel += c.ok2xx;
      return c;
    },
    progress: (m) => progress(`write, ${m}`),
  });
  await stopServer(server);
  server = undefined;
  await local.close();
  local = undefined;

  // Every 201 is a row and its audit entry; through HTTP, requests cut off when a
  // round ends may have committed unanswered, so there it is "at least".
  const rows = { inProcess: rowsIn(localDir), kernel: rowsIn(kernelDir) };
  const stored = {
    inProcess: rows.inProcess.patients - PATIENTS === created.local && rows.inProcess.audit === created.local,
    kernel: rows.kernel.patients - PATIENTS >= created.kernel && rows.kernel.audit >= created.kernel && rows.kernel.patients - PATIENTS <= nextKernel,
  };
  const out = { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP, ...r, created, rows, stored };
  writeJson('patients-write', out);
  const { inProcess, kernel, ratio } = r;
  const lines = [
    `## Patient registration throughput at ${PATIENTS.toLocaleString('en')} patients (one run, ${SECONDS} s each side in ${ROUNDS} interleaved rounds, fresh copies of the same data)`,
    '',
    table(
      ['path', 'writes/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'failed', 'every 201 stored'],
      [
        ['in-process createPatient (1 thread, no HTTP)', num(inProcess.opsPerSec), ms(inProcess.p50), ms(inProcess.p97_5), ms(inProcess.p99), String(inProcess.bad), stored.inProcess ? 'yes' : 'NO'],
        [`POST /api/v1/patients → kernel → worker pool (${CONNECTIONS} connections)`, num(kernel.opsPerSec), ms(kernel.p50), ms(kernel.p97_5), ms(kernel.p99), String(kernel.bad), stored.kernel ? 'yes' : 'NO'],
      ],
    ),
    '',
    `**Write ratio kernel / in-process: ${ratio.toFixed(2)}** (every write: patient row, MRN, name tokens and audit entry in one transaction; BILIK_SQLITE_SYNC=NORMAL on both sides)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (inProcess.bad > 0 || kernel.bad > 0 || !stored.inProcess || !stored.kernel) process.exitCode = 1;
} finally {
  if (server) await stopServer(server);
  await local?.close();
  removeDir(localDir);
  removeDir(kernelDir);
  seed.cleanup();
}
