// Start and stop as an operator sees them: config errors name the option and
// stop the start; SIGTERM drains in-flight requests, then exits cleanly.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { modules } from '../../src/modules/index.js';
import { ADMIN_PASSWORD, MAIN, ROOT, startBilik } from '../support/server.js';

function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('configuration is validated at start', () => {
  it('refuses a bad PORT and a bad module limit, naming both, and exits 2', () => {
    const r = startWith({ PORT: 'eighty', BILIK_PATIENTS_TIMEOUT_MS: '-5', DATA_DIR: '/tmp/bilik-never-created' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('BILIK_PATIENTS_TIMEOUT_MS');
  });

  it('never echoes a rejected password', () => {
    const r = startWith({ BILIK_ADMIN_PASSWORD: 'short-pw', DATA_DIR: '/tmp/bilik-never-created' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BILIK_ADMIN_PASSWORD');
    expect(r.stderr).not.toContain('short-pw');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then exits 0', async () => {
    const bilik = await startBilik({ env: { BILIK_CHAOS: '1' } });
    const token = await bilik.loginApi('admin', ADMIN_PASSWORD);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const set = await fetch(`${bilik.url}/_chaos`, { method: 'POST', headers: auth, body: JSON.stringify({ module: 'patients', fault: 'slow', ms: 1500, times: 1 }) });
    expect(set.status).toBe(200);
    const inflight = fetch(`${bilik.url}/api/v1/patients?q=`, { headers: auth });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = bilik.stop();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await stopped).toBe(0);
    expect(bilik.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    // Modules stop in reverse start order: the auth module (staff) last.
    const order = bilik.logs.filter((l) => l.includes('"msg":"module stopped"')).map((l) => JSON.parse(l).module);
    expect(order).toEqual(modules.map((m) => m.name).reverse());
  });
});
