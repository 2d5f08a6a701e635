#!/usr/bin/env node
// How fast the patients compartment heals, on a server with N patients and
// BILIK_CHAOS=1 (faults injected through POST /_chaos as admin):
//  1. worker replacement: one patients thread exits (fault 'exit', times 1)
//     while the other thread is kept busy (fault 'slow' 2.5 s), so the next
//     request can only succeed on the replacement thread: crash answer → next
//     200 is the time the pool takes to have a live replacement serving. Also
//     the ordinary case: the other thread free, how long the next request takes.
//  2. recovery after a fault clears: fault 'throw' until the breaker opens
//     (503 MODULE_UNAVAILABLE), then fault 'none': time until the first 200 and
//     until the breaker is closed again (governed by BILIK_*_BREAKER_OPEN_MS).
// Limits are the defaults except BILIK_PATIENTS_MAX_RESTARTS, raised so the
// repeated crashes measure replacement, not the restart-storm backoff.
// Prints Markdown tables and writes .bench/recovery.json.
//   node bench/recovery.mjs [--patients 100000] [--repeats 5] [--breaker-repeats 3] [--seed file]
import { dataDirWith, machine, median, ms, option, progress, removeDir, sleep, table, writeJson } from './lib/common.mjs';
import { bearer, moduleStatus, setFault, timed, until } from './lib/probe.mjs';
import { mixedQueries, seedFile } from './lib/seed.mjs';
import { adminToken, startServer, stopServer } from './server.mjs';

const PATIENTS = option('patients', 100_000);
const REPEATS = option('repeats', 5);
const BREAKER_REPEATS = option('breaker-repeats', 3);
const OCCUPY_MS = 2500; // below the default slow-call threshold (3 s): keeps a thread busy without counting as a failure
const BOUND_MS = 30_000;

const seed = await seedFile(PATIENTS);
const dataDir = dataDirWith(seed.file, 'recovery');
const q = mixedQueries(PATIENTS)[2]; // a NIK: cheap, so the timings are the compartment's, not the query's
let server;
try {
  server = await startServer(dataDir, { BILIK_CHAOS: '1', BILIK_PATIENTS_MAX_RESTARTS: '1000' });
  const { url } = server;
  const token = await adminToken(url);
  const get = () => timed(`${url}/api/v1/patients?q=${encodeURIComponent(q)}&page=1`, { headers: bearer(token) });
  const answer = (s) => `${s.status}${s.code ? ` ${s.code}` : ''}`;

  /** Three 200s in a row and the breaker closed: the compartment is healthy again. */
  const healthy = () =>
    until(async () => {
      for (let i = 0; i < 3; i++) if ((await get()).status !== 200) return false;
      return (await moduleStatus(url)).breaker === 'closed';
    }, BOUND_MS, 50);

  // ---- 1. worker replacement ------------------------------------------------
  const replacement = [];
  for (let r = 0; r < REPEATS; r++) {
    if (!(await healthy())) throw new Error('patients did not become healthy before a replacement run');
    await Promise.all([get(), get()]); // both threads warm
    const exitsBefore = (await moduleStatus(url)).restarts.exit;

    // The ordinary case: the other thread is free and serves the next request.
    await setFault(url, token, { module: 'patients', fault: 'exit', times: 1 });
    const crashFree = await get();
    const nextFree = await get();
    await sleep(1500); // let the replacement come up before the measured case

    // The measured case: the surviving thread is busy, so only the replacement can answer.
    await setFault(url, token, { module: 'patients', fault: 'slow', ms: OCCUPY_MS, times: 1 });
    const occupier = get();
    await until(async () => (await moduleStatus(url)).active >= 1, 2000, 5);
    await setFault(url, token, { module: 'patients', fault: 'exit', times: 1 });
    const crash = await get();
    const next = await get();
    const occ = await occupier;
    const exits = (await moduleStatus(url)).restarts.exit - exitsBefore;
    const run = {
      crashAnswer: answer(crash),
      nextAnswer: answer(next),
      occupierAnswer: answer(occ),
      replacementMs: next.at - crash.at,
      // Served only after the busy thread was free again: the replacement took at least this long.
      censored: next.at >= occ.at,
      freeCase: { crashAnswer: answer(crashFree), nextAnswer: answer(nextFree), nextMs: nextFree.at - crashFree.at },
      exits,
      valid: crash.code === 'MODULE_CRASHED' && next.status === 200 && occ.status === 200 && crashFree.code === 'MODULE_CRASHED' && nextFree.status === 200 && exits === 2,
    };
    replacement.push(run);
    progress(`replacement ${r + 1}/${REPEATS}: ${ms(run.replacementMs)} ms${run.censored ? ' (censored)' : ''}; other thread free: next 200 after ${ms(run.freeCase.nextMs)} ms; ${run.valid ? 'ok' : `UNEXPECTED ${JSON.stringify(run)}`}`);
  }

  // ---- 2. recovery after a fault clears ---------------------------------------
  const breaker = [];
  for (let r = 0; r < BREAKER_REPEATS; r++) {
    if (!(await healthy())) throw new Error('patients did not become healthy before a breaker run');
    await setFault(url, token, { module: 'patients', fault: 'throw', times: 100_000 });
    let failures = 0;
    let opened = null;
    const faultAt = performance.now();
    for (let i = 0; i < 500 && !opened; i++) {
      const s = await get();
      if (s.status === 503 && s.code === 'MODULE_UNAVAILABLE') opened = s;
      else failures++;
    }
    await setFault(url, token, { module: 'patients', fault: 'none' });
    const clearedAt = performance.now();
    if (!opened) throw new Error('the breaker did not open under fault "throw"');
    let firstOk = null;
    let closedAt = null;
    while (performance.now() - clearedAt < BOUND_MS && closedAt === null) {
      const s = await get();
      if (s.status === 200) {
        firstOk ??= s.at;
        if ((await moduleStatus(url)).breaker === 'closed') closedAt = performance.now();
      }
      if (closedAt === null) await sleep(25);
    }
    const run = { failuresToOpen: failures, openAfterMs: opened.at - faultAt, firstOkMs: firstOk === null ? null : firstOk - clearedAt, closedMs: closedAt === null ? null : closedAt - clearedAt };
    breaker.push(run);
    progress(`breaker ${r + 1}/${BREAKER_REPEATS}: opened after ${failures} failures (${ms(run.openAfterMs)} ms); cleared → first 200 ${ms(run.firstOkMs)} ms, → closed ${ms(run.closedMs)} ms`);
  }

  const good = replacement.filter((x) => x.valid);
  const summary = {
    replacementMedianMs: median(good.filter((x) => !x.censored).map((x) => x.replacementMs)),
    replacementMaxMs: good.length ? Math.max(...good.map((x) => x.replacementMs)) : null,
    censored: good.filter((x) => x.censored).length,
    invalid: replacement.length - good.length,
    nextWithFreeThreadMedianMs: median(good.map((x) => x.freeCase.nextMs)),
    firstOkAfterClearMedianMs: median(breaker.map((x) => x.firstOkMs).filter((x) => x !== null)),
    closedAfterClearMedianMs: median(breaker.map((x) => x.closedMs).filter((x) => x !== null)),
    failuresToOpenMedian: median(breaker.map((x) => x.failuresToOpen)),
  };
  writeJson('recovery', { when: new Date().toISOString(), machine: machine(), patients: PATIENTS, occupyMs: OCCUPY_MS, env: { BILIK_PATIENTS_MAX_RESTARTS: '1000' }, replacement, breaker, summary });
  const lines = [
    `## Worker replacement after a crash (patients, ${PATIENTS.toLocaleString('en')} patients, ${REPEATS} runs)`,
    '',
    table(
      ['measure', 'median ms', 'max ms', 'runs'],
      [
        ['crash answer → next request served by the replacement thread (other thread busy)', ms(summary.replacementMedianMs), ms(summary.replacementMaxMs), `${good.length - summary.censored} (${summary.censored} censored, ${summary.invalid} invalid)`],
        ['crash answer → next request served (default: other thread free)', ms(summary.nextWithFreeThreadMedianMs), ms(good.length ? Math.max(...good.map((x) => x.freeCase.nextMs)) : null), String(good.length)],
      ],
    ),
    '',
    `## Recovery after a fault clears (fault 'throw' until the breaker opens, then 'none'; ${BREAKER_REPEATS} runs)`,
    '',
    table(
      ['measure', 'median ms', 'max ms'],
      [
        ['fault cleared → first 200', ms(summary.firstOkAfterClearMedianMs), ms(Math.max(...breaker.map((x) => x.firstOkMs ?? Infinity)))],
        ['fault cleared → breaker closed', ms(summary.closedAfterClearMedianMs), ms(Math.max(...breaker.map((x) => x.closedMs ?? Infinity)))],
      ],
    ),
    '',
    `The breaker opened after a median of ${summary.failuresToOpenMedian} failed requests; it stays open for BILIK_PATIENTS_BREAKER_OPEN_MS (default 5000), then 3 probes close it.`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (summary.invalid > 0 || breaker.some((x) => x.closedMs === null)) process.exitCode = 1;
} finally {
  if (server) await stopServer(server);
  removeDir(dataDir);
  seed.cleanup();
}
