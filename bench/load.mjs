#!/usr/bin/env node
// Load and chaos scenarios against a running Bilik (docs/LOAD.md):
//   npm run load -- --scenario normal|high|chaos [--duration S] [--url U --user N --password P]
// Without --url it starts the built app on a temp data dir with the demo clinic
// (BILIK_DEMO=1; BILIK_CHAOS=1 for chaos), waits for today's demo visits, runs
// the scenario, prints Markdown tables and writes .bench/load-<scenario>.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ROOT, startServer } from './server.mjs';
import { modulesIn, scrape } from './load/metrics.mjs';
import { chaosTable, phaseTable } from './load/report.mjs';
import * as scenarios from './load/scenarios.mjs';
import { discover, loginToken, staffSessions } from './load/session.mjs';

const HELP = `usage: npm run load -- --scenario normal|high|chaos [options]
  --url URL              use a running Bilik instead of starting one
  --user N --password P  one account for every role (default: the demo logins)
  --admin-user N --admin-password P   for chaos (POST /_chaos) and the audit reads
  --duration S           normal: whole run (60); high: open-throttle phase (20); chaos: each phase (10)
  --out FILE             JSON result (default .bench/load-<scenario>.json)
  high:  --clients 3 --pairs 500 --connections 50 --max-seconds 300
  chaos: --module records --faults throw,exit,hang,oom,slow --rate 20 --connections 10
         --slow-ms 1000 --recovery-n 5 --recovery-max-seconds 60 --quiet-ms 10000`;

/** Options that stay text even when they look like numbers (a password may be all digits). */
const TEXT = new Set(['scenario', 'url', 'user', 'password', 'admin-user', 'admin-password', 'out', 'module', 'faults']);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}\n${HELP}`);
    const value = m[2] ?? (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
    out[m[1]] = !TEXT.has(m[1]) && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return out;
}

/**
 * The module under chaos gets the fault suite's short limits (test/fault), so a
 * whole run of five faults stays within minutes: 1.5 s deadline, 64 MB heap,
 * breaker open 1-4 s, 3 restarts per 10 s before a storm opens the breaker.
 */
function chaosLimits(module) {
  const p = `BILIK_${module.toUpperCase()}_`;
  return {
    [`${p}TIMEOUT_MS`]: '1500',
    [`${p}MEMORY_MB`]: '64',
    [`${p}BREAKER_OPEN_MS`]: '1000',
    [`${p}BREAKER_MAX_OPEN_MS`]: '4000',
    [`${p}SLOW_CALL_MS`]: '1000',
    [`${p}RESTART_WINDOW_MS`]: '10000',
    [`${p}MAX_RESTARTS`]: '3',
  };
}

/** Resolves once the server has printed `re` on stdout (listening from now on). */
function waitForLine(server, re, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => done(new Error(`no "${re.source}" from the server within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk) => {
      buf = (buf + chunk).slice(-4096);
      if (re.test(buf)) done();
    };
    const onExit = (code) => done(new Error(`server exited with ${code} before "${re.source}"`));
    function done(err) {
      clearTimeout(timer);
      server.proc.stdout.off('data', onData);
      server.proc.off('exit', onExit);
      err ? reject(err) : resolve();
    }
    server.proc.stdout.on('data', onData);
    server.proc.once('exit', onExit);
  });
}

async function stop(server) {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  server.proc.kill('SIGTERM');
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !['normal', 'high', 'chaos'].includes(args.scenario)) {
    process.stdout.write(`${HELP}\n`);
    process.exit(args.help ? 0 : 2);
  }
  const scenario = args.scenario;
  const module = args.module ?? 'records';
  let server = null;
  let dataDir = null;
  const cleanup = async () => {
    if (server) await stop(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    let url = args.url?.replace(/\/$/, '');
    const startedAt = new Date().toISOString();
    if (!url) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'bilik-load-'));
      process.stderr.write(`load: starting Bilik on ${dataDir} (demo clinic${scenario === 'chaos' ? ', chaos' : ''}) …\n`);
      server = await startServer(dataDir, { BILIK_DEMO: '1', BILIK_CHAOS: scenario === 'chaos' ? '1' : '0', ...(scenario === 'chaos' && chaosLimits(module)) });
      await waitForLine(server, /today's clinic is ready/, (args['ready-seconds'] ?? 180) * 1000);
      url = server.url;
    }
    const sessions = await staffSessions(url, { user: args.user, password: args.password });
    const adminUser = args['admin-user'] ?? 'admin';
    const adminPassword = args['admin-password'] ?? (server ? ADMIN_PASSWORD : undefined);
    const adminToken = adminPassword ? await loginToken(url, adminUser, String(adminPassword)) : null;
    if (scenario === 'chaos' && !adminToken) throw new Error('chaos needs --admin-password (a user with kernel:chaos) when --url is given');
    const found = await discover(url, sessions);
    const modules = modulesIn(await scrape(url));
    process.stderr.write(`load: ${url}: ${found.patientIds.length} patients, ${found.encounterIds.length} encounters today, modules ${modules.join(', ')}\n`);

    const ctx = { url, args, sessions, adminToken, found, modules, ownServer: Boolean(server) };
    const result = await scenarios[scenario](ctx);
    const finishedAt = new Date().toISOString();

    const title = `## Load: ${scenario} (${os.cpus().length} cores, ${server ? 'own instance, demo clinic' : url}, ${startedAt})`;
    const parts = [title, '', phaseTable(result.phases)];
    if (scenario === 'chaos') parts.push('', `### Faults in ${result.module}`, '', chaosTable(result));
    process.stdout.write(`${parts.join('\n')}\n`);

    const out = args.out ? path.resolve(String(args.out)) : path.join(ROOT, '.bench', `load-${scenario}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    const json = { scenario, startedAt, finishedAt, url: server ? 'own instance' : url, cores: os.cpus().length, args, found: { patients: found.patientIds.length, encounters: found.encounterIds.length, queueEntries: found.queueEntries }, ...result };
    writeFileSync(out, JSON.stringify(json, null, 2));
    process.stderr.write(`load: wrote ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  process.stderr.write(`load: ${err?.stack ?? err}\n`);
  process.exit(1);
});
