#!/usr/bin/env node
// Installs what Bilik needs on this machine, idempotently, so `npm start` and
// `npm test` work on a fresh clone:
//   --deps  npm dependencies (skipped when node_modules matches package-lock.json)
//   --test  also Debian's chromium for the browser tests (apt-get, as root)
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

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (!hasCommand('apt-get')) {
    say('Debian chromium is required for the browser tests and apt-get is not available');
    process.exit(1);
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  say('installing Debian chromium for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = sudo.length ? sudo : ['apt-get'];
  const apt = sudo.length ? [...pre, 'apt-get'] : [];
  run(cmd, [...apt, 'update', '-q'], { env });
  run(cmd, [...apt, 'install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { env });
}

ensureNodeModules();
if (wantTest) ensureChromium();
try {
  execFileSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root, stdio: 'ignore' });
} catch {
  say('better-sqlite3 does not load; run `npm rebuild better-sqlite3`');
  process.exit(1);
}
