// Postgres for the test suites: TEST_DATABASE_URL when set; otherwise a
// throwaway server (initdb + pg_ctl in a temp dir, removed afterwards) when the
// binaries are on PATH; otherwise the machine's own server on 127.0.0.1:5432.
// Every Bilik started by a test gets a fresh database of its own.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const FALLBACK_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Throwaway {
  url: string;
  stop(): void;
}

/** initdb refuses to run as root, so as root the server runs as the `postgres` user. */
export async function startThrowaway(): Promise<Throwaway | null> {
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  if (!has('initdb') || !has('pg_ctl')) return null;
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !has('runuser')) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const run = (argv: string[]) => spawnSync(asRoot ? 'runuser' : argv[0]!, asRoot ? ['-u', 'postgres', '--', ...argv] : argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  const port = await freePort();
  const init = run(['initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = run(['pg_ctl', '-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  if (start.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      run(['pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the test server; drop() removes it with everything in it. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bilik_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
