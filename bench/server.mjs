// Shared by the benchmark scripts: start the built Bilik on a loopback port with
// a given data dir (a real child process, as a clinic runs it) and log in.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_PASSWORD = 'bench-admin-password-1';

/** Resolves with { proc, exited, url } once the server prints its address. */
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
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c) => {
      buf += c;
      const m = /Bilik is running at (http:\/\/\S+)/.exec(buf);
      if (m) resolve({ proc, exited, url: m[1].replace('localhost', '127.0.0.1') });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** A bearer token for the admin the server was started with. */
export async function adminToken(url) {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status}`);
  return (await res.json()).token;
}
