// The PostgreSQL client tools (pg_dump, pg_restore) as child processes, and the
// checks that turn their usual failures (missing binary, too old for the server
// or for the archive) into one clear sentence before any work starts.
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { CliError } from './common.js';

export interface ToolVersion {
  version: string;
  major: number;
}

/** "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → { version: '15.20', major: 15 }; null when not on PATH. */
export function toolVersion(cmd: 'pg_dump' | 'pg_restore'): ToolVersion | null {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(r.stdout);
  if (!m) return null;
  return { version: `${m[1]}${m[2] ?? ''}`, major: Number(m[1]) };
}

export function requireTool(cmd: 'pg_dump' | 'pg_restore', serverMajor?: number): ToolVersion {
  const v = toolVersion(cmd);
  if (!v) {
    throw new CliError(
      `${cmd} was not found on PATH: backup and restore of a Postgres installation need the PostgreSQL client tools ` +
        `of the server's major version or newer (Debian/Ubuntu: apt-get install postgresql-client${serverMajor ? `-${serverMajor}` : ''})`,
    );
  }
  if (serverMajor !== undefined && v.major < serverMajor) {
    throw new CliError(`${cmd} ${v.version} is older than the Postgres server (${serverMajor}): install postgresql-client-${serverMajor} (or newer) and put it first on PATH`);
  }
  return v;
}

/**
 * libpq gets the URL without its password, and the password through PGPASSWORD:
 * a command line is visible to every local user in `ps`, the environment is not.
 */
export function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password !== undefined && { PGPASSWORD: password }) } };
}

/** Runs a client tool to completion; its stderr becomes the error message, so the operator sees Postgres' own words. */
export function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', (err) => reject(new CliError(`${cmd} could not run: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout });
      else reject(new CliError(`${cmd} failed (exit ${code}): ${stderr.trim().split('\n').slice(-8).join('\n  ') || 'no message'}`));
    });
  });
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'bilik-backup', connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new CliError(`cannot connect to Postgres (DATABASE_URL): ${(err as Error).message}`);
  }
  // An idle client that loses its server must not crash the command with an unhandled 'error'.
  client.on('error', () => {});
  return client;
}

export async function serverVersion(client: pg.Client): Promise<{ version: string; major: number }> {
  const r = await client.query<{ v: string; n: string }>("select current_setting('server_version') as v, current_setting('server_version_num') as n");
  return { version: r.rows[0]!.v, major: Math.floor(Number(r.rows[0]!.n) / 10_000) };
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The module's migration history, in version order; [] if it never migrated. */
export async function readMigrations(client: pg.Client, schema: string): Promise<string[]> {
  const has = await client.query<{ t: string | null }>('select to_regclass($1) as t', [`${ident(schema)}.bilik_migrations`]);
  if (!has.rows[0]?.t) return [];
  const r = await client.query<{ name: string }>(`select name from ${ident(schema)}.bilik_migrations order by name`);
  return r.rows.map((x) => x.name);
}

export async function tablesOf(client: pg.Client, schema: string): Promise<string[]> {
  const r = await client.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1", [schema]);
  return r.rows.map((x) => x.t);
}

export async function rowCounts(client: pg.Client, schema: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await tablesOf(client, schema)) {
    const r = await client.query<{ n: string }>(`select count(*)::text as n from ${ident(schema)}.${ident(t)}`);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

export { ident };
