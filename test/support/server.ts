// Starts the real, built Bilik (dist/src/main.js) as a child process on a
// loopback port with a fresh SQLite data dir, and gives tests small helpers.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { freshDatabase } from './postgres.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = path.join(ROOT, 'dist/src/main.js');
export const ADMIN_PASSWORD = 'admin-test-password-1';

export type Backend = 'sqlite' | 'postgres';

/** Which database the suites run on: the vitest project sets BILIK_TEST_BACKEND. */
export function testBackend(): Backend {
  return process.env.BILIK_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

export interface Bilik {
  url: string;
  backend: Backend;
  /** Postgres: the fresh database this instance runs on. */
  databaseUrl?: string;
  dataDir: string;
  proc: ChildProcess;
  /** stdout+stderr lines so far (JSON logs and the banner). */
  logs: string[];
  alive(): boolean;
  stop(): Promise<number | null>;
  loginApi(username: string, password: string): Promise<string>;
  loginBrowser(username: string, password: string): Promise<{ cookie: string; csrf: string }>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  /** Keep the data dir (and the Postgres database) after stop, for restart tests. */
  keepData?: boolean;
  backend?: Backend;
  /** Reuse a database (restart tests); otherwise Postgres runs get a fresh one. */
  databaseUrl?: string;
}

export async function startBilik(opts: StartOptions = {}): Promise<Bilik> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the build (npm test does) first`);
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bilik-test-'));
  const backend = opts.backend ?? testBackend();
  let database: { url: string; drop(): Promise<void> } | undefined;
  if (backend === 'postgres' && !opts.databaseUrl) {
    const base = inject('pgUrl');
    if (!base) throw new Error('no Postgres URL: the postgres project\'s global setup provides it');
    database = await freshDatabase(base);
  }
  const databaseUrl = opts.databaseUrl ?? database?.url;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BILIK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    BILIK_DEMO: '0',
    // The clinic default is Indonesian; suites that assert English text run the
    // clinic in English, the i18n suites set BILIK_LOCALE themselves.
    BILIK_LOCALE: 'en',
    LOG_LEVEL: 'info',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    ...opts.env,
  };
  const proc = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve((exitCode = code))));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bilik did not start in 60 s:\n${logs.slice(-20).join('\n')}`)), 60_000);
    const onLine = (line: string) => {
      logs.push(line);
      const m = /Bilik is running at (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    for (const stream of [proc.stdout!, proc.stderr!]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
        if (logs.length > 20_000) logs.splice(0, 10_000);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bilik exited with ${code} before it was ready:\n${logs.slice(-30).join('\n')}`));
    });
  });

  const bilik: Bilik = {
    url,
    backend,
    ...(databaseUrl && { databaseUrl }),
    dataDir,
    proc,
    logs,
    alive: () => exitCode === undefined,
    async stop() {
      if (exitCode === undefined) proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(killer);
      if (!opts.keepData) {
        rmSync(dataDir, { recursive: true, force: true });
        await database?.drop();
      }
      return code;
    },
    async loginApi(username, password) {
      const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`token for ${username}: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async loginBrowser(username, password) {
      return loginWithForm(url, username, password);
    },
  };
  return bilik;
}

/** Cookie jar in one string, enough for our two cookies. */
export function mergeCookies(jar: string, res: Response): string {
  const map = new Map(jar.split('; ').filter(Boolean).map((c) => [c.split('=')[0]!, c] as const));
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(';')[0]!;
    const name = pair.split('=')[0]!;
    if (/=;|=$/.test(pair) || /Expires=Thu, 01 Jan 1970/i.test(set)) map.delete(name);
    else map.set(name, pair);
  }
  return [...map.values()].join('; ');
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export async function loginWithForm(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  let cookie = '';
  const page = await fetch(`${url}/login`, { redirect: 'manual' });
  cookie = mergeCookies(cookie, page);
  const anonCsrf = csrfFrom(await page.text());
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ username, password, _csrf: anonCsrf, next: '/' }).toString(),
  });
  if (res.status !== 303) throw new Error(`login ${username}: HTTP ${res.status}`);
  cookie = mergeCookies(cookie, res);
  const home = await fetch(`${url}/staff/_panel/me`, { headers: { cookie }, redirect: 'manual' });
  if (home.status !== 200) throw new Error(`after login: HTTP ${home.status}`);
  const dash = await fetch(`${url}/`, { headers: { cookie } });
  return { cookie, csrf: csrfFrom(await dash.text()) };
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface CreatedStaff {
  id: number;
  username: string;
  fullName: string;
  roles: string[];
  active: boolean;
  createdAt: string;
}

/** Creates a staff account through the admin JSON API; throws unless it answers 201. */
export async function createStaff(url: string, adminToken: string, user: { username: string; password: string; roles: string[]; fullName?: string }): Promise<CreatedStaff> {
  const res = await fetch(`${url}/api/v1/staff/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ fullName: `Test ${user.username}`, ...user }),
  });
  if (res.status !== 201) throw new Error(`create ${user.username}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedStaff;
}
