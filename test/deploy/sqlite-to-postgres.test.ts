// The strangler-fig path's first move: a clinic that ran on SQLite (the single
// binary) moves its data into Postgres with deploy/sqlite-to-postgres.mjs, and
// Bilik on Postgres then has the same accounts (passwords work), the same
// patients, and ids/MRNs that continue where SQLite stopped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_URL, canConnect, freshDatabase, startThrowaway, type Throwaway } from '../support/postgres.js';
import { ADMIN_PASSWORD, ROOT, createStaff, json, startBilik } from '../support/server.js';

const SCRIPT = path.join(ROOT, 'deploy/sqlite-to-postgres.mjs');
let throwaway: Throwaway | null = null;
let base = '';
let dataDir = '';
let db: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) base = process.env.TEST_DATABASE_URL;
  else {
    throwaway = await startThrowaway();
    base = throwaway?.url ?? ((await canConnect(FALLBACK_URL)) ? FALLBACK_URL : '');
  }
  if (!base) throw new Error('no Postgres: set TEST_DATABASE_URL, put initdb/pg_ctl on PATH, or run a server on 127.0.0.1:5432');
}, 120_000);

afterAll(async () => {
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  throwaway?.stop();
});

const post = (url: string, token: string, p: string, body: unknown) =>
  fetch(`${url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('deploy/sqlite-to-postgres.mjs', () => {
  it('moves a SQLite clinic into a fresh Postgres installation', async () => {
    // 1. A clinic on SQLite: one extra account, two patients.
    const lite = await startBilik({ backend: 'sqlite', keepData: true });
    dataDir = lite.dataDir;
    try {
      const admin = await lite.loginApi('admin', ADMIN_PASSWORD);
      await createStaff(lite.url, admin, { username: 'perawat1', password: 'nurse-pass-2024', roles: ['nurse'] });
      for (const [nik, fullName] of [['3171011708850001', 'Ani Pindah'], ['3171011708850002', 'Budi Pindah']]) {
        const r = await post(lite.url, admin, '/api/v1/patients', { nik, fullName, sex: 'M', birthDate: '1985-08-17', payer: 'general' });
        expect(r.status, await r.clone().text()).toBe(201);
      }
    } finally {
      expect(await lite.stop()).toBe(0);
    }

    // 2. Postgres: one start creates every schema (and a first admin), then stop.
    db = await freshDatabase(base);
    const fresh = await startBilik({ backend: 'postgres', databaseUrl: db.url, keepData: true });
    // main.ts installs its SIGTERM handler just after the banner: one round trip first.
    expect((await fetch(`${fresh.url}/ready`)).status).toBe(200);
    expect(await fresh.stop()).toBe(0);

    // 3. Copy; a second run refuses (the target is no longer fresh).
    const run = () => spawnSync(process.execPath, [SCRIPT, dataDir, db!.url], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/patients: .*patients 2/);
    expect(first.stderr).toMatch(/staff: .*users 2/);
    const again = run();
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('fresh installation');

    // 4. Bilik on Postgres: the moved account logs in, the patients are there, ids continue.
    const moved = await startBilik({ backend: 'postgres', databaseUrl: db.url, keepData: true });
    try {
      const nurse = await moved.loginApi('perawat1', 'nurse-pass-2024');
      const found = await json<{ items: Array<{ fullName: string; mrn: string }> }>(
        await fetch(`${moved.url}/api/v1/patients?q=Pindah`, { headers: { authorization: `Bearer ${nurse}` } }),
      );
      expect(found.items.map((p) => p.fullName).sort()).toEqual(['Ani Pindah', 'Budi Pindah']);
      const admin = await moved.loginApi('admin', ADMIN_PASSWORD);
      const third = await post(moved.url, admin, '/api/v1/patients', { nik: '3171011708850003', fullName: 'Citra Baru', sex: 'M', birthDate: '1985-08-17', payer: 'general' });
      expect(third.status, await third.clone().text()).toBe(201);
      const created = await json<{ id: number; mrn: string }>(third);
      expect(created.id).toBe(3);
      expect(found.items.map((p) => p.mrn)).not.toContain(created.mrn);
    } finally {
      expect(await moved.stop()).toBe(0);
    }
    // Three server starts on a machine shared with the rest of the suite.
  }, 240_000);

  it('refuses without arguments (exit 2)', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
