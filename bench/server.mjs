// Shared by the benchmark scripts: start the built Bilik on a loopback port with
// a given data dir (a real child process, as a clinic runs it), log in, probe it
// and stop it.
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_PASSWORD = 'bench-admin-password-1';

/** A port that was free a moment ago (for probing /ready before the banner names the port). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Resolves with { proc, pid, exited, url, spawnedAt, bannerMs } once the server
 * prints its address; `bannerMs` is spawn → "Bilik is running" (performance.now clock).
 */
export function startServer(dataDir, extraEnv = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BILIK_DEMO: '0',
    BILIK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    let buf = '';
    let found = false;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c) => {
      if (found) return; // keep draining the pipe, stop keeping the text
      buf += c;
      const m = /Bilik is running at (http:\/\/\S+)/.exec(buf);
      if (m) {
        found = true;
        buf = '';
        resolve({ proc, pid: proc.pid, exited, spawnedAt, bannerMs: performance.now() - spawnedAt, url: m[1].replace('localhost', '127.0.0.1') });
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopServer(server, graceMs = 10_000) {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  server.proc.kill('SIGTERM');
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}

/** A bearer token for the admin the server was started with. */
export async function adminToken(url) {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status}`);
  return (await res.json()).token;
}

/** The patients handlers behind a bare express app in a child process (bench/lib/plain-server.mjs); same shape as startServer's. */
export function startPlainServer(dataDir) {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bench/lib/plain-server.mjs'), dataDir], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir() }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c) => {
      buf += c;
      const m = /listening (http:\/\/\S+)/.exec(buf);
      if (m) resolve({ proc, pid: proc.pid, exited, url: m[1] });
    });
    void exited.then((code) => reject(new Error(`plain server exited with ${code}`)));
  });
}
