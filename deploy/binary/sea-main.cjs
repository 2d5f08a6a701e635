'use strict';
// The single executable's entry point (Node SEA runs one CommonJS file whose
// require sees built-in modules only). It unpacks the app that
// scripts/build-binary.mjs packed into the `app.pack` asset into a private
// temp folder, imports dist/src/main.js from there (so piscina's worker files,
// views and the native addons are real files), and removes the folder when the
// process ends. The data folder is untouched: DATA_DIR stays relative to the
// directory ./bilik was started in, exactly like `npm start`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const sea = require('node:sea');

const MAGIC = 'BILIKPK1';
const PREFIX = 'bilik-sea-';
const PID_FILE = '.bilik-pid';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Folders left by a run that was killed with SIGKILL (or lost power): ours, and their process gone. */
function sweepStale(base) {
  let entries = [];
  try {
    entries = fs.readdirSync(base);
  } catch {
    return;
  }
  for (const name of entries) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(base, name);
    try {
      if (fs.statSync(dir).uid !== process.getuid()) continue;
      const pid = Number(fs.readFileSync(path.join(dir, PID_FILE), 'utf8'));
      if (Number.isSafeInteger(pid) && pid > 0 && !alive(pid)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Not one of ours, or being created right now: leave it.
    }
  }
}

/** Whether the addons could be dlopen()ed from dir: writable, and its filesystem not mounted noexec. */
function execWritable(dir) {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    const real = fs.realpathSync(dir);
    let best = { mnt: '', opts: [] };
    for (const line of fs.readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const [, mnt, , opts] = line.split(' ');
      if (!mnt || !opts) continue;
      const inside = real === mnt || real.startsWith(mnt.endsWith('/') ? mnt : `${mnt}/`);
      if (inside && mnt.length >= best.mnt.length) best = { mnt, opts: opts.split(',') };
    }
    return !best.opts.includes('noexec');
  } catch {
    return false;
  }
}

/**
 * Where to unpack: BILIK_EXTRACT_DIR, else TMPDIR when the operator set it, else
 * a RAM-backed folder (XDG_RUNTIME_DIR, /dev/shm: ~12 MB of RAM, and writing
 * 1,600 small files there takes tens of ms instead of a second on a busy disk),
 * else the system temp folder.
 */
function extractBase() {
  if (process.env.BILIK_EXTRACT_DIR) return process.env.BILIK_EXTRACT_DIR;
  if (process.env.TMPDIR) return os.tmpdir();
  for (const dir of [process.env.XDG_RUNTIME_DIR, '/dev/shm']) if (dir && execWritable(dir)) return dir;
  return os.tmpdir();
}

function unpack(into) {
  const raw = zlib.brotliDecompressSync(Buffer.from(sea.getRawAsset('app.pack')));
  if (raw.subarray(0, 8).toString('latin1') !== MAGIC) throw new Error('the embedded app is damaged (bad pack header)');
  const headerLen = raw.readUInt32LE(8);
  const entries = JSON.parse(raw.subarray(12, 12 + headerLen).toString('utf8'));
  let offset = 12 + headerLen;
  const made = new Set();
  for (const [rel, mode, size] of entries) {
    if (path.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`the embedded app is damaged (path ${rel})`);
    const file = path.join(into, rel);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      made.add(dir);
    }
    // Owner only: the folder is private, and so is every file in it.
    fs.writeFileSync(file, raw.subarray(offset, offset + size), { mode: (mode & 0o700) | 0o600 });
    offset += size;
  }
}

function main() {
  // The folder must allow executable mappings: the addons are dlopen()ed from there.
  const base = extractBase();
  if (!execWritable(base)) process.stderr.write(`bilik: warning: ${base} looks read-only or mounted noexec; the native addons may fail to load (set BILIK_EXTRACT_DIR)\n`);
  sweepStale(base);
  const dir = fs.mkdtempSync(path.join(base, PREFIX));
  fs.chmodSync(dir, 0o700);
  let removed = false;
  const cleanup = () => {
    if (removed) return;
    removed = true;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort; the next start sweeps it.
    }
  };
  // process.exit() from the app (after a graceful stop, or a command's end) lands here.
  process.on('exit', cleanup);
  // Until the app installs its own handlers (and for a second signal after they
  // ran once), a signal would end the process without 'exit': clean up first.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (process.listenerCount(sig) > 1) return;
      cleanup();
      process.exit(128 + os.constants.signals[sig]);
    });
  }
  try {
    fs.writeFileSync(path.join(dir, PID_FILE), String(process.pid), { mode: 0o600 });
    unpack(dir);
  } catch (err) {
    cleanup();
    process.stderr.write(`bilik: cannot unpack into ${base}: ${err && err.message}\n(set BILIK_EXTRACT_DIR to a writable folder on a filesystem that allows executables)\n`);
    process.exit(1);
  }
  // The app finds views and static files from here (src/kernel/paths.ts), whatever the caller's environment says.
  process.env.BILIK_ROOT = dir;
  const load = createRequire(path.join(dir, 'package.json'))('./boot.cjs');
  load(pathToFileURL(path.join(dir, 'dist', 'src', 'main.js')).href).catch((err) => {
    process.stderr.write(`Bilik failed to start: ${(err && err.message) || String(err)}\n`);
    process.exit(1);
  });
}

main();
