// The single executable (npm run build:binary → dist/bilik), run the way a clinic
// would: copied alone into an empty folder (no node_modules, no project files),
// with a minimal environment. HTTP smoke (login, register, search, probes,
// metrics), the admin and backup subcommands against the running server, a
// graceful SIGTERM that removes the private extraction folder, and --help.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, json, loginWithForm } from '../support/server.js';

const BINARY = path.join(ROOT, 'dist', 'bilik');
const ADMIN_PASSWORD = 'binary-admin-pass-1';
const NEW_PASSWORD = 'reset-via-cli-Pass-2';
// Where the binary unpacks itself when TMPDIR is unset (the minimal environment): RAM first.
const EXTRACT_BASES = ['/dev/shm', '/tmp'];
const unpackFolders = () => EXTRACT_BASES.flatMap((b) => (fs.existsSync(b) ? fs.readdirSync(b).filter((n) => n.startsWith('bilik-sea-')).map((n) => path.join(b, n)) : []));

let dir = '';
let bin = '';

/** PATH, HOME and the listed variables only: nothing from the developer's shell or the repo. */
function minimalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...extra };
}

interface Running {
  proc: ChildProcess;
  url: string;
  logs: string[];
  /** ms from spawn to the "running at" banner and to the first /ready 200. */
  bannerMs: number;
  readyMs: number;
  exited: Promise<number | null>;
}

async function startBinary(): Promise<Running> {
  const t0 = performance.now();
  const proc = spawn(bin, [], {
    cwd: dir,
    env: minimalEnv({ PORT: '0', HOST: '127.0.0.1', BILIK_ADMIN_PASSWORD: ADMIN_PASSWORD, BILIK_DEMO: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`binary did not start in 60 s:\n${logs.slice(-20).join('\n')}`)), 60_000);
    for (const stream of [proc.stdout!, proc.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          logs.push(line);
          const m = /Bilik is running at (http:\/\/\S+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        }
      });
    }
    void exited.then((code) => reject(new Error(`binary exited with ${code}:\n${logs.slice(-30).join('\n')}`)));
  });
  const bannerMs = performance.now() - t0;
  while ((await fetch(`${url}/ready`)).status !== 200) await new Promise((r) => setTimeout(r, 20));
  return { proc, url, logs, bannerMs, readyMs: performance.now() - t0, exited };
}

/** The binary's private unpack folder: the one whose pid file names this process. */
function extractionDirOf(pid: number): string | undefined {
  for (const folder of unpackFolders()) {
    try {
      if (Number(fs.readFileSync(path.join(folder, '.bilik-pid'), 'utf8')) === pid) return folder;
    } catch {
      // another run's folder, being removed
    }
  }
  return undefined;
}

function run(args: string[], extra: Record<string, string> = {}) {
  return spawnSync(bin, args, { cwd: dir, env: minimalEnv(extra), encoding: 'utf8', timeout: 60_000 });
}

async function token(url: string, password: string): Promise<Response> {
  const once = () => fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  // On a loaded machine an idle keep-alive socket can close as it is reused (after the
  // seconds a subcommand takes); that is the client's race, not the server's answer.
  return once().catch((err: Error & { cause?: { code?: string } }) => {
    if (err.cause?.code === 'UND_ERR_SOCKET') return once();
    throw err;
  });
}

beforeAll(() => {
  // Builds once; later runs reuse dist/bilik while it is newer than dist/src, views and the lock file.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-binary.mjs'), '--if-stale'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bilik-binary-test-'));
  bin = path.join(dir, 'bilik');
  fs.copyFileSync(BINARY, bin);
  fs.chmodSync(bin, 0o755);
  console.log(`[binary] ${BINARY}: ${(fs.statSync(bin).size / 1e6).toFixed(1)} MB`);
}, 600_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('single executable', () => {
  it('--help prints the commands and exits 0 without unpacking anything left behind', () => {
    const before = unpackFolders().length;
    const r = run(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('backup <dir>');
    expect(r.stdout).toContain('admin reset-password <user>');
    expect(unpackFolders().length).toBeLessThanOrEqual(before);
    expect(fs.existsSync(path.join(dir, 'data')), '--help creates no data').toBe(false);
  });

  it('runs from an empty folder: HTTP smoke, admin and backup while serving, SIGTERM exits 0 and removes its folder', async () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['bilik']);
    const app = await startBinary();
    console.log(`[binary] first start (fresh data): banner ${app.bannerMs.toFixed(0)} ms, ready ${app.readyMs.toFixed(0)} ms`);
    const extracted = extractionDirOf(app.proc.pid!);
    try {
      expect(extracted, 'the unpack folder exists while running').toBeDefined();
      expect(fs.statSync(extracted!).mode & 0o777).toBe(0o700);
      // SQLite under ./data of the folder it was started in, exactly like npm start.
      expect(fs.existsSync(path.join(dir, 'data', 'staff.sqlite'))).toBe(true);

      expect(await (await fetch(`${app.url}/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${app.url}/ready`)).status).toBe(200);

      // Browser login (views and CSRF), then the API with a token.
      const browser = await loginWithForm(app.url, 'admin', ADMIN_PASSWORD);
      const home = await fetch(`${app.url}/patients`, { headers: { cookie: browser.cookie } });
      expect(home.status).toBe(200);
      expect((await fetch(`${app.url}/static/htmx.min.js`)).status).toBe(200);
      expect((await fetch(`${app.url}/static/app.css`)).status).toBe(200);
      const t = await token(app.url, ADMIN_PASSWORD);
      expect(t.status).toBe(200);
      const bearer = { authorization: `Bearer ${(await json<{ token: string }>(t)).token}` };
      const created = await fetch(`${app.url}/api/v1/patients`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ nik: '3171011708850001', fullName: 'Sari Binary', sex: 'M', birthDate: '1985-08-17', payer: 'general' }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const found = await json<{ items: Array<{ fullName: string; mrn: string }> }>(await fetch(`${app.url}/api/v1/patients?q=Sari`, { headers: bearer }));
      expect(found.items.map((p) => p.fullName)).toContain('Sari Binary');
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toMatch(/bilik_http_requests_total\{[^}]*module="patients"/);

      // The native addons are loaded from the unpack folder, nothing from the project.
      const maps = fs.readFileSync(`/proc/${app.proc.pid}/maps`, 'utf8');
      expect(maps).toContain(`${extracted}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`);
      expect(maps).toMatch(new RegExp(`${extracted}/node_modules/argon2/.*\\.node`));
      expect(maps).not.toContain(`${ROOT}/`);

      // backup while serving: stdout is the snapshot's folder.
      const backup = run(['backup', path.join(dir, 'backups')]);
      expect(backup.status, backup.stderr).toBe(0);
      const snapshot = backup.stdout.trim();
      expect(fs.readdirSync(snapshot)).toEqual(expect.arrayContaining(['manifest.json', 'staff.sqlite', 'patients.sqlite']));

      // admin reset-password while serving: the old password and token stop working.
      const reset = run(['admin', 'reset-password', 'admin'], { BILIK_NEW_PASSWORD: NEW_PASSWORD });
      expect(reset.status, reset.stderr).toBe(0);
      expect(reset.stdout).not.toContain(NEW_PASSWORD);
      expect((await token(app.url, ADMIN_PASSWORD)).status).toBe(401);
      expect((await token(app.url, NEW_PASSWORD)).status).toBe(200);
      // The auth cache (BILIK_AUTH_CACHE_MS, 5 s) may answer for the revoked token a moment longer.
      let status = 0;
      for (let i = 0; i < 80 && status !== 401; i++) {
        status = (await fetch(`${app.url}/api/v1/staff/me`, { headers: bearer })).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(401);
      const generated = run(['admin', 'reset-password', 'nobody']);
      expect(generated.status).toBe(1);
      expect(generated.stderr).toContain('STAFF_USER_NOT_FOUND');
    } catch (err) {
      console.log(`[binary] server log tail:\n${app.logs.slice(-40).join('\n')}`);
      throw err;
    } finally {
      app.proc.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
    expect(fs.existsSync(extracted!), 'the unpack folder is removed on exit').toBe(false);
  }, 180_000);

  it('starts again on its data (the warm start a clinic sees every morning) and stops on SIGINT', async () => {
    const app = await startBinary();
    console.log(`[binary] second start (existing data): banner ${app.bannerMs.toFixed(0)} ms, ready ${app.readyMs.toFixed(0)} ms`);
    const extracted = extractionDirOf(app.proc.pid!);
    try {
      expect((await token(app.url, NEW_PASSWORD)).status).toBe(200);
      // Startup time is measured (printed above, and by npm run bench), never asserted.
    } finally {
      app.proc.kill('SIGINT');
    }
    expect(await app.exited).toBe(0);
    expect(fs.existsSync(extracted!)).toBe(false);
  }, 180_000);

  it('a generated password is printed once on stdout and works', async () => {
    const r = run(['admin', 'reset-password', 'admin']);
    expect(r.status, r.stderr).toBe(0);
    const pw = /New password for admin: (\S+)/.exec(r.stdout)?.[1];
    expect(pw).toMatch(/^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$/);
    const app = await startBinary();
    try {
      expect((await token(app.url, pw!)).status).toBe(200);
      expect((await token(app.url, NEW_PASSWORD)).status).toBe(401);
    } finally {
      app.proc.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
  }, 180_000);
});
