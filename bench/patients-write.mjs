#!/usr/bin/env node
// Patient registration throughput at N patients, three ways, each on its own
// fresh copy of the same seeded database and with the same sequence of new
// patients (unique valid NIKs), interleaved in rounds in one run:
//   in-process  the module's createPatient handler called directly (one thread:
//               validation, insert + MRN + name tokens + audit entry in one
//               transaction, JSON);
//   plain HTTP  the same handler behind a bare express app on its main thread;
//   kernel      POST /api/v1/patients on the real server (HTTP → auth → kernel →
//               breaker → bulkhead → worker thread → SQLite).
// Afterwards every 201 is checked to be a stored row with its audit entry.
// Prints a Markdown table and writes .bench/patients-write.json.
//   node bench/patients-write.mjs [--patients 100000] [--seconds 10] [--rounds 2] [--connections 8] [--warmup 2] [--seed file]
import path from 'node:path';
import Database from 'better-sqlite3';
import { dataDirWith, machine, ms, num, option, progress, removeDir, table, writeJson } from './lib/common.mjs';
import { cannon, interleaved } from './lib/compare.mjs';
import { loopFor, openPatientsInProcess } from './lib/in-process.mjs';
import { newPatient, seedFile } from './lib/seed.mjs';
import { adminToken, startPlainServer, startServer, stopServer } from './server.mjs';

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

/** One POST per request, each a new patient: a repeated NIK would be a cheap 409, not a write. */
function posts(token) {
  let next = 0;
  const requests = [
    {
      method: 'POST',
      path: '/api/v1/patients',
      headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify(newPatient(next++)) }),
    },
  ];
  return { requests, sent: () => next };
}

const seed = await seedFile(PATIENTS);
const dirs = { inProcess: dataDirWith(seed.file, 'write-local'), plainHttp: dataDirWith(seed.file, 'write-plain'), kernel: dataDirWith(seed.file, 'write-kernel') };
let server;
let plain;
let local;
try {
  local = openPatientsInProcess(dirs.inProcess);
  plain = await startPlainServer(dirs.plainHttp);
  server = await startServer(dirs.kernel);
  const token = await adminToken(server.url);
  let nextLocal = 0;
  const created = { inProcess: 0, plainHttp: 0, kernel: 0 };
  const create = async () => {
    const r = await local.run('createPatient', { body: newPatient(nextLocal++) });
    if (r.status === 201) created.inProcess++;
    return r;
  };
  const viaPlain = posts(null);
  const viaKernel = posts(token);
  const counted = (name, url, p) => async (s, warm) => {
    const c = await cannon(url, p.requests, warm ? 2 : CONNECTIONS, s);
    created[name] += c.ok2xx;
    return c;
  };
  const r = await interleaved({
    rounds: ROUNDS,
    seconds: SECONDS,
    warmup: WARMUP,
    sides: {
      inProcess: (s) => loopFor(s, create, 201),
      plainHttp: counted('plainHttp', plain.url, viaPlain),
      kernel: counted('kernel', server.url, viaKernel),
    },
    progress: (m) => progress(`write, ${m}`),
  });
  await stopServer(server);
  server = undefined;
  await stopServer(plain);
  plain = undefined;
  await local.close();
  local = undefined;

  // In-process every call is counted exactly; over HTTP, requests cut off when a
  // round ends may have committed unanswered, so there it is "at least".
  const rows = Object.fromEntries(Object.entries(dirs).map(([k, d]) => [k, rowsIn(d)]));
  const added = (k) => rows[k].patients - PATIENTS;
  const stored = {
    inProcess: added('inProcess') === created.inProcess && rows.inProcess.audit === created.inProcess,
    plainHttp: added('plainHttp') >= created.plainHttp && rows.plainHttp.audit >= created.plainHttp && added('plainHttp') <= viaPlain.sent(),
    kernel: added('kernel') >= created.kernel && rows.kernel.audit >= created.kernel && added('kernel') <= viaKernel.sent(),
  };
  const { inProcess, plainHttp, kernel } = r;
  const ratio = kernel.opsPerSec / inProcess.opsPerSec;
  const ratioPlain = kernel.opsPerSec / plainHttp.opsPerSec;
  const out = { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP, ...r, ratio, ratioPlain, created, rows, stored };
  writeJson('patients-write', out);
  const row = (name, x, ok) => [name, num(x.opsPerSec), ms(x.p50), ms(x.p97_5), ms(x.p99), String(x.bad), ok ? 'yes' : 'NO'];
  const lines = [
    `## Patient registration throughput at ${PATIENTS.toLocaleString('en')} patients (one run, ${SECONDS} s per side in ${ROUNDS} interleaved rounds, fresh copies of the same data)`,
    '',
    table(
      ['path', 'writes/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'failed', 'every 201 stored'],
      [
        row('in-process createPatient (1 thread, no HTTP)', inProcess, stored.inProcess),
        row(`plain HTTP: express → same handler on the main thread (${CONNECTIONS} connections)`, plainHttp, stored.plainHttp),
        row(`kernel: POST /api/v1/patients → auth → breaker → bulkhead → worker pool (${CONNECTIONS} connections)`, kernel, stored.kernel),
      ],
    ),
    '',
    `**Write ratio kernel / in-process: ${ratio.toFixed(2)}**; kernel / plain HTTP: ${ratioPlain.toFixed(2)} (every write: patient row, MRN, name tokens and audit entry in one transaction; BILIK_SQLITE_SYNC=NORMAL everywhere)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (inProcess.bad + plainHttp.bad + kernel.bad > 0 || !Object.values(stored).every(Boolean)) process.exitCode = 1;
} finally {
  if (server) await stopServer(server);
  if (plain) await stopServer(plain);
  await local?.close();
  for (const d of Object.values(dirs)) removeDir(d);
  seed.cleanup();
}
