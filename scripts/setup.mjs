#!/usr/bin/env node
// Installs what Bilik needs on this machine, idempotently, so `npm start` and
// `npm test` work on a fresh clone:
//   --deps  npm dependencies (skipped when node_modules matches package-lock.json)
//   --test  also Debian's chromium for the browser tests, and prometheus and
//           prometheus-node-exporter for the observability tests (apt-get, as root)
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const wantTest = args.has('--test');
const say = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    say(`${cmd} ${argv.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.bilik-deps');
  const fingerprint = () => createHash('sha256').update(readFileSync(path.join(root, 'package.json'))).update(existsSync(lock) ? readFileSync(lock) : '').digest('hex');
  const want = fingerprint();
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  const native = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (have === want && existsSync(native)) return;
  say('installing npm dependencies (better-sqlite3 compiles from source: a minute or two the first time)');
  run('npm', ['install', '--no-audit', '--no-fund']);
  if (!existsSync(native)) {
    say('better-sqlite3 native addon missing after install; rebuilding it');
    run('npm', ['rebuild', 'better-sqlite3']);
  }
  // npm install may have refreshed the lock file: stamp what is there now.
  writeFileSync(stamp, fingerprint());
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

let aptUpdated = false;
const isRoot = process.getuid?.() === 0;
/** argv run as root: directly, or through `sudo -n` (never prompts). */
const asRoot = (argv) => (isRoot ? argv : ['sudo', '-n', ...argv]);

/** apt-get install, with one `apt-get update` per run. */
function aptInstall(what, packages, { noServices = false } = {}) {
  if (!hasCommand('apt-get')) {
    say(`Debian ${packages.join(', ')} ${packages.length > 1 ? 'are' : 'is'} required for ${what} and apt-get is not available`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const exec = (argv) => run(argv[0], argv.slice(1), { env });
  say(`installing Debian ${packages.join(' ')} for ${what}`);
  if (!aptUpdated) exec(asRoot(['apt-get', 'update', '-q']));
  aptUpdated = true;
  // Packages that ship a daemon start it on install; a policy-rc.d answering 101
  // ("action forbidden") keeps them down, unless the machine already has one.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = noServices && !existsSync(policy);
  if (ownPolicy) exec(asRoot(['sh', '-c', `printf '#!/bin/sh\\nexit 101\\n' > ${policy} && chmod 755 ${policy}`]));
  const [cmd, ...argv] = asRoot(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages]);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', env });
  if (ownPolicy) spawnSync(...splitArgv(asRoot(['rm', '-f', policy])), { stdio: 'ignore' });
  if (r.status !== 0) {
    say(`apt-get install ${packages.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

const splitArgv = ([cmd, ...argv]) => [cmd, argv];

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  aptInstall('the browser tests', ['chromium', 'fonts-dejavu-core']);
}

/**
 * promtool and the Prometheus server for the observability tests, which start
 * their own instances on random loopback ports. The packages' own services
 * (Prometheus on :9090, node-exporter on :9100) must not be left running.
 */
function ensurePrometheus() {
  const binaries = { prometheus: ['/usr/bin/prometheus', '/usr/bin/promtool'], 'prometheus-node-exporter': ['/usr/bin/prometheus-node-exporter'] };
  const missing = Object.keys(binaries).filter((pkg) => !binaries[pkg].every((f) => existsSync(f)));
  if (missing.length === 0) return;
  aptInstall('the observability tests', missing, { noServices: true });
  // In case a policy-rc.d that was not ours let them start, stop the services
  // of what was just installed (a no-op otherwise; a Prometheus already there is left alone).
  const systemd = existsSync('/run/systemd/system');
  for (const service of missing) {
    spawnSync(...splitArgv(asRoot(systemd ? ['systemctl', 'stop', service] : ['service', service, 'stop'])), { stdio: 'ignore' });
  }
}

ensureNodeModules();
if (wantTest) {
  ensureChromium();
  ensurePrometheus();
}
try {
  execFileSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root, stdio: 'ignore' });
} catch {
  say('better-sqlite3 does not load; run `npm rebuild better-sqlite3`');
  process.exit(1);
}
