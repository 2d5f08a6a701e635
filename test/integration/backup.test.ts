// Backup and restore as a clinic would run them, on the backend this project
// runs (SQLite files or Postgres schemas): the backup CLI runs as its own process
// next to a Bilik that is busy registering patients; the snapshot is restored
// into an empty target and a second Bilik serves it. Every registration that was
// acknowledged before the backup started must come back intact. A damaged
// backup and a non-empty target are refused with nothing written.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../support/postgres.js';
import { countTable } from '../support/patients.js';
import { ADMIN_PASSWORD, MAIN, ROOT, createStaff, startBilik, testBackend, type Bilik } from '../support/server.js';
import { modules } from '../../src/modules/index.js';

const backend = testBackend();
const LOOPS = 4;
/** Acknowledged registrations required before the backup starts: the test must not pass on an empty clinic. */
const MIN_BEFORE = 100;
const EXT = backend === 'sqlite' ? 'sqlite' : 'pgdump';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: spawnSync would freeze this process and with it the write load the backup must run under. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const envOf = (b: Bilik): Record<string, string> => ({ DATA_DIR: b.dataDir, ...(b.databaseUrl && { DATABASE_URL: b.databaseUrl }) });

/** An empty restore target: a DATA_DIR that does not exist yet, or a fresh Postgres database. */
const targets: Array<{ env: Record<string, string>; drop(): Promise<void> }> = [];
async function emptyTarget() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bilik-restore-'));
  const env: Record<string, string> = { DATA_DIR: path.join(tmp, 'data') };
  let db: { url: string; drop(): Promise<void> } | undefined;
  if (backend === 'postgres') {
    db = await freshDatabase(inject('pgUrl'));
    env['DATABASE_URL'] = db.url;
  }
  const t = { env, drop: async () => (rmSync(tmp, { recursive: true, force: true }), await db?.drop()) };
  targets.push(t);
  return t;
}

/** Module schemas present in a target database (Postgres), or files in its DATA_DIR (SQLite). */
async function targetContents(env: Record<string, string>): Promise<string[]> {
  if (!env['DATABASE_URL']) return existsSync(env['DATA_DIR']!) ? readdirSync(env['DATA_DIR']!) : [];
  const c = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await c.connect();
  try {
    return (await c.query('select nspname from pg_namespace where nspname = any($1)', [modules.map((m) => m.name)])).rows.map((r) => r.nspname as string);
  } finally {
    await c.end();
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const letters = (n: number) => n.toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');

// ---- the clinic under load, and the backup taken meanwhile -----------------

let a: Bilik;
let token: string;
let backupParent: string;
let snapshot: string;
let backupRun: Run;
const acked: Array<Record<string, any>> = [];
let ackedBefore: Array<Record<string, any>> = [];
let ackedDuringBackup = 0;
const unexpected: string[] = [];

async function writeLoop(loop: number, stop: () => boolean, onAck: () => void): Promise<void> {
  for (let i = 1; !stop(); i++) {
    // NIK: region per loop, birth date 1985-08-17 (male), serial per loop: unique without coordination.
    const nik = `3171${String(loop + 11)}170885${String(i).padStart(4, '0')}`;
    const body = { nik, fullName: `Pasien Beban ${letters(loop)} ${letters(i + 26)}`, sex: 'M', birthDate: '1985-08-17', payer: 'general' };
    const res = await fetch(`${a.url}/api/v1/patients`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status === 201) {
      acked.push((await res.json()) as Record<string, any>);
      onAck();
    } else {
      // A shed request (503) was never acknowledged; anything else is a bug worth seeing.
      const text = await res.text();
      if (res.status !== 503) unexpected.push(`${res.status} ${text.slice(0, 200)}`);
    }
  }
}

beforeAll(async () => {
  a = await startBilik();
  token = await a.loginApi('admin', ADMIN_PASSWORD);
  // Exists only in the original staff database: logging in after the restore proves staff came back.
  await createStaff(a.url, token, { username: 'perawat.cadangan', password: 'restore-check-pw-1', roles: ['nurse'] });
  backupParent = mkdtempSync(path.join(os.tmpdir(), 'bilik-backups-'));

  let stopped = false;
  let reached!: () => void;
  const enough = new Promise<void>((r) => (reached = r));
  const onAck = () => acked.length >= MIN_BEFORE && reached();
  const loops = Array.from({ length: LOOPS }, (_, i) => writeLoop(i, () => stopped, onAck));
  const failed = Promise.all(loops).then(() => {
    throw new Error('the write loops ended before the backup');
  });
  await Promise.race([enough, failed]);
  ackedBefore = [...acked];
  backupRun = await cli(['backup', backupParent], envOf(a));
  ackedDuringBackup = acked.length - ackedBefore.length;
  stopped = true;
  await Promise.all(loops);
  snapshot = backupRun.stdout.trim().split('\n').pop() ?? '';
}, 180_000);

afterAll(async () => {
  await a?.stop();
  for (const t of targets) await t.drop();
  if (backupParent) rmSync(backupParent, { recursive: true, force: true });
});

describe(`backup while serving (${backend})`, () => {
  it('took the backup with the CLI while acknowledged writes kept arriving', () => {
    expect(backupRun.code, backupRun.stderr).toBe(0);
    expect(ackedBefore.length).toBeGreaterThanOrEqual(MIN_BEFORE);
    expect(ackedDuringBackup).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
    expect(path.dirname(snapshot)).toBe(backupParent);
    expect(path.basename(snapshot)).toMatch(/^bilik-backup-\d{8}T\d{6}Z$/);
    // Only the finished snapshot: no temp folder left next to it.
    expect(readdirSync(backupParent)).toEqual([path.basename(snapshot)]);
  });

  it('writes a manifest with checksums, migration versions and row counts', () => {
    const m = JSON.parse(readFileSync(path.join(snapshot, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ format: 'bilik-backup', formatVersion: 1, backend, app: { version: expect.any(String) } });
    expect(new Date(m.createdAt).toISOString()).toBe(m.createdAt);
    expect(m.modules.map((x: any) => x.name)).toEqual(modules.map((x) => x.name));
    for (const x of m.modules) {
      expect(x.file).toBe(`${x.name}.${EXT}`);
      expect(x.sha256).toBe(sha256(path.join(snapshot, x.file)));
      expect(x.bytes).toBe(readFileSync(path.join(snapshot, x.file)).length);
    }
    // Every migration the build knows, in order: the manifest records the schema version.
    const known = (name: string) => modules.find((x) => x.name === name)!.migrations.map((x) => x.name);
    expect(m.modules[0].migrations).toEqual(known('staff'));
    expect(m.modules[1].migrations).toEqual(known('patients'));
    expect(m.modules[0].migrations).toContain('0001-create-staff');
    expect(m.modules[1].rowCounts.patients).toBeGreaterThanOrEqual(ackedBefore.length);
    expect(m.modules[0].rowCounts.users).toBe(2);
    expect(readdirSync(snapshot).sort()).toEqual(['manifest.json', ...modules.map((m) => `${m.name}.${EXT}`)].sort());
  });
});

describe(`restore (${backend})`, () => {
  it('restores into an empty target; a second Bilik serves every write acknowledged before the backup, intact', async () => {
    const target = await emptyTarget();
    const run = await cli(['restore', snapshot], target.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Restored ${modules.length} modules`));

    const r = await startBilik(backend === 'postgres' ? { databaseUrl: target.env['DATABASE_URL']! } : { dataDir: target.env['DATA_DIR']! });
    try {
      const t = await r.loginApi('admin', ADMIN_PASSWORD);
      await r.loginApi('perawat.cadangan', 'restore-check-pw-1');
      const manifest = JSON.parse(readFileSync(path.join(snapshot, 'manifest.json'), 'utf8'));
      // The restored clinic holds exactly the snapshot the manifest counted.
      expect(await countTable(r, 'patients', 'patients')).toBe(manifest.modules[1].rowCounts.patients);

      const problems: string[] = [];
      for (let i = 0; i < ackedBefore.length; i += 8) {
        await Promise.all(
          ackedBefore.slice(i, i + 8).map(async (want) => {
            const res = await fetch(`${r.url}/api/v1/patients/${want['id']}`, { headers: { authorization: `Bearer ${t}` } });
            if (res.status !== 200) return void problems.push(`#${want['id']}: HTTP ${res.status}`);
            const got = (await res.json()) as Record<string, unknown>;
            for (const [k, v] of Object.entries(want)) if (JSON.stringify(got[k]) !== JSON.stringify(v)) problems.push(`#${want['id']}.${k}: ${JSON.stringify(got[k])} ≠ ${JSON.stringify(v)}`);
          }),
        );
      }
      expect(problems).toEqual([]);

      // New registrations continue after the restored ids (the id sequence came back too, or this would collide).
      const res = await fetch(`${r.url}/api/v1/patients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ nik: '3171991708850001', fullName: 'Setelah Pemulihan', sex: 'M', birthDate: '1985-08-17', payer: 'general' }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(((await res.json()) as { id: number }).id).toBeGreaterThan(Math.max(...ackedBefore.map((p) => p['id'] as number)));
    } finally {
      await r.stop();
    }
  });

  it('refuses a tampered backup, naming the file, and writes nothing', async () => {
    const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'bilik-tampered-')), 'snapshot');
    cpSync(snapshot, copy, { recursive: true });
    // patients is the last module in the manifest: a restore that checked file by file would already have written staff.
    const file = path.join(copy, `patients.${EXT}`);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(file, bytes);
    const target = await emptyTarget();
    try {
      const run = await cli(['restore', copy], target.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`patients.${EXT}`);
      expect(run.stderr).toMatch(/damaged|sha256/);
      expect(await targetContents(target.env)).toEqual([]);
    } finally {
      rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  it('refuses a target that already holds data (the running clinic) and leaves it untouched', async () => {
    const before = await countTable(a, 'patients', 'patients');
    const run = await cli(['restore', snapshot], envOf(a));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not empty/);
    expect(run.stderr).toMatch(backend === 'sqlite' ? /DATA_DIR/ : /schema "(staff|patients)"/);
    expect(await countTable(a, 'patients', 'patients')).toBe(before);
  });

  it('refuses a folder that is not a complete backup', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-not-a-backup-'));
    const target = await emptyTarget();
    try {
      const run = await cli(['restore', dir], target.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('manifest.json');
      expect(await targetContents(target.env)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line', () => {
  it('prints the subcommands for --help and help, exit 0', async () => {
    for (const arg of ['--help', 'help']) {
      const run = await cli([arg], {});
      expect(run.code).toBe(0);
      for (const word of ['start', 'backup <dir>', 'restore <backup-dir>']) expect(run.stdout).toContain(word);
    }
  });

  it('answers usage and configuration errors with exit 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-usage-'));
    try {
      expect((await cli(['backup'], { DATA_DIR: dir })).code).toBe(2);
      expect((await cli(['restore', 'a', 'b'], { DATA_DIR: dir })).code).toBe(2);
      expect((await cli(['frobnicate'], { DATA_DIR: dir })).code).toBe(2);
      const bad = await cli(['backup', path.join(dir, 'out')], { DATA_DIR: dir, PORT: 'eighty' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('PORT');
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
