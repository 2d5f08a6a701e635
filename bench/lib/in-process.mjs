// The "in-process" side of the isolation benchmarks: the patients module's own
// handler table (the worker definition the pool threads load), called directly
// on this thread with a context built the way the worker host builds it, on the
// module's database opened the way the worker opens it. No HTTP, no auth, no
// breaker, bulkhead, deadline or worker pool: what is left is the work itself,
// plus the JSON serialisation the worker would do for an API route.
import path from 'node:path';
import { pino } from 'pino';
import { dist } from './common.mjs';

const { openModuleDb } = await dist('src/kernel/db/open.js');
const { translator, mergeCatalogs } = await dist('src/kernel/i18n/catalog.js');
const { formatters } = await dist('src/kernel/i18n/format.js');
const { kernelMessages } = await dist('src/kernel/i18n/messages.js');
const { default: patientsWorker } = await dist('src/modules/patients/worker.js');

/** The admin the benchmark server creates first (id 1), as a bearer request would present it. */
const ADMIN = { id: 1, username: 'admin', fullName: 'Administrator', roles: ['admin'], permissions: ['patients:read', 'patients:write'], role: 'admin' };

/** The patients module on `dataDir`, ready to run `handler(name, input)` as a worker thread would. */
export function openPatientsInProcess(dataDir, synchronous = 'NORMAL') {
  const mdb = openModuleDb({ kind: 'sqlite', file: path.join(dataDir, 'patients.sqlite'), synchronous }, 'patients');
  const catalogs = mergeCatalogs(kernelMessages, patientsWorker.messages);
  // Same level as the benchmark server (LOG_LEVEL=warn): info lines are skipped on both sides.
  const log = pino({ level: 'warn' }, pino.destination({ dest: 2, sync: true }));
  let n = 0;
  const context = () => ({
    locale: 'id',
    timeZone: 'Asia/Jakarta',
    t: translator(catalogs.id),
    fmt: formatters('id', 'Asia/Jakarta'),
    module: 'patients',
    db: mdb.db,
    user: ADMIN,
    requestId: `bench-${++n}`,
    log,
    deadline: Infinity,
    settings: { demo: false },
    call: async () => {
      throw new Error('no contract calls in the in-process benchmark');
    },
  });
  return {
    /** Runs one handler; returns the status and the JSON body (built as the worker builds it for an API route). */
    async run(handler, input) {
      const fn = patientsWorker.handlers[handler];
      if (!fn) throw new Error(`patients has no handler ${handler}`);
      const result = await fn({ params: {}, query: {}, body: undefined, form: false, htmx: false, clientIp: '127.0.0.1', ...input }, context());
      const body = JSON.stringify(result.data ?? null);
      return { status: result.status ?? 200, body };
    },
    close: () => mdb.close(),
  };
}

/**
 * Calls `once(i)` back to back for `seconds`, timing each call; returns ops/s,
 * latency percentiles in ms and how many calls did not give `okStatus`.
 */
export async function loopFor(seconds, once, okStatus) {
  const lat = [];
  let bad = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let i = 0;
  while (performance.now() < until) {
    const s = performance.now();
    const r = await once(i++);
    lat.push(performance.now() - s);
    if (r.status !== okStatus) bad++;
  }
  const total = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const at = (q) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))] ?? null;
  return { ops: lat.length, seconds: total, opsPerSec: lat.length / total, p50: at(0.5), p97_5: at(0.975), p99: at(0.99), max: lat[lat.length - 1] ?? null, bad };
}
