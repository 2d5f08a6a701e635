// Durability: an acknowledged write survives kill -9. A write load (several
// loops registering patients, a couple creating staff accounts) runs against
// the real server process; mid-load the process is killed with SIGKILL (no
// shutdown, no checkpoint, no pool drain). A new process on the same data must
// serve every write that was answered 2xx, field for field. Writes still in
// flight at the kill may or may not be there; nothing else may be missing.
// Runs on SQLite (WAL, synchronous=NORMAL by default) and on Postgres.
import Database from 'better-sqlite3';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startBilik, testBackend, type Bilik } from '../support/server.js';
import { countTable } from '../support/patients.js';
import { contentionLines, dropDatabase, getJson, mapLimit, postJson, uniquePatient, uniqueStaff, type Reply } from '../support/writes.js';

const PATIENT_LOOPS = 8;
const STAFF_LOOPS = 2;
/** Load runs at least this long before the kill, and until enough writes were acknowledged. */
const LOAD_MS = 2000;
const MIN_ACKED = 50;

let first: Bilik | undefined;
let second: Bilik | undefined;

afterAll(async () => {
  if (first?.alive()) first.proc.kill('SIGKILL');
  await second?.stop();
  // Both instances ran on kept data: remove it here, whatever happened.
  const kept = first ?? second;
  if (kept) rmSync(kept.dataDir, { recursive: true, force: true });
  if (kept?.databaseUrl) await dropDatabase(kept.databaseUrl);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`durability on ${testBackend()}: every acknowledged write survives SIGKILL`, () => {
  it('kills the server mid-load and finds every 2xx write intact after restart', async () => {
    first = await startBilik({ keepData: true });
    const b = first;
    const token = await b.loginApi('admin', ADMIN_PASSWORD);

    const ackedPatients = new Map<number, { sent: Record<string, string>; reply: any }>();
    const ackedStaff: Array<{ sent: ReturnType<typeof uniqueStaff>; reply: any }> = [];
    /** Answers that arrived before the kill and were not 2xx: a healthy server under this load gives none. */
    const refused: Array<{ path: string; status: number; text: string }> = [];
    let attemptedPatients = 0;
    let attemptedStaff = 0;
    let killed = false;
    let nextPatient = 0;
    let nextStaff = 0;

    const loop = async (kind: 'patient' | 'staff') => {
      while (!killed) {
        const body = kind === 'patient' ? uniquePatient(nextPatient++, 'Durasi') : uniqueStaff(nextStaff++, 'dur.u');
        const p = kind === 'patient' ? '/api/v1/patients' : '/api/v1/staff/users';
        if (kind === 'patient') attemptedPatients++;
        else attemptedStaff++;
        let reply: Reply;
        try {
          reply = await postJson(b.url, token, p, body);
        } catch {
          // Connection refused or reset: the process is gone. Outcome unknown, so not acknowledged.
          if (killed) return;
          throw new Error(`request failed before the kill (${p})`);
        }
        if (reply.status >= 200 && reply.status < 300) {
          if (kind === 'patient') ackedPatients.set(reply.body.id, { sent: body as Record<string, string>, reply: reply.body });
          else ackedStaff.push({ sent: body as ReturnType<typeof uniqueStaff>, reply: reply.body });
        } else if (!killed) {
          refused.push({ path: p, status: reply.status, text: reply.text.slice(0, 300) });
        }
      }
    };

    const loops = [...Array.from({ length: PATIENT_LOOPS }, () => loop('patient')), ...Array.from({ length: STAFF_LOOPS }, () => loop('staff'))];
    // A loop that throws (a request failing while the server is still up) fails the test after the kill.
    const settled = Promise.allSettled(loops);

    const t0 = Date.now();
    await sleep(LOAD_MS);
    // On a slow machine keep the load going until it has acknowledged enough (bounded).
    while (ackedPatients.size < MIN_ACKED && Date.now() - t0 < 15_000) await sleep(100);
    const ackedAtKill = ackedPatients.size + ackedStaff.length;
    killed = true;
    b.proc.kill('SIGKILL');
    const results = await settled;
    const exitCode = await b.stop(); // keepData: only waits for the exit
    expect(exitCode).toBeNull();
    expect(b.proc.signalCode).toBe('SIGKILL');

    for (const r of results) if (r.status === 'rejected') throw r.reason;
    expect(refused.filter((r) => r.path === '/api/v1/patients'), JSON.stringify(refused.slice(0, 5))).toEqual([]);
    // No write may be refused under this load on either backend.
    expect(refused, JSON.stringify(refused.slice(0, 5))).toEqual([]);
    // Not vacuous: a meaningful number of writes was acknowledged before the kill.
    expect(ackedAtKill).toBeGreaterThanOrEqual(MIN_ACKED);
    expect(ackedPatients.size).toBeGreaterThanOrEqual(MIN_ACKED);
    expect(ackedStaff.length).toBeGreaterThanOrEqual(1);
    // Ids are unique per acknowledged write (a map keyed by id would hide a reused id).
    const patientCount = [...ackedPatients.values()].length;
    expect(new Set([...ackedPatients.values()].map((a) => a.reply.mrn)).size).toBe(patientCount);
    expect(new Set([...ackedPatients.values()].map((a) => a.reply.nik)).size).toBe(patientCount);

    // ---- restart on the same data --------------------------------------------
    second = await startBilik({ dataDir: b.dataDir, ...(b.databaseUrl && { databaseUrl: b.databaseUrl }), keepData: true });
    const c = second;
    console.info(`[durability/${c.backend}] acknowledged ${ackedPatients.size} patients + ${ackedStaff.length} staff before SIGKILL (attempted ${attemptedPatients} + ${attemptedStaff})`);
    // The token issued before the crash is itself an acknowledged write.
    const me = await getJson(c.url, token, '/api/v1/staff/me');
    expect(me.status, me.text).toBe(200);

    // Rows in the module's own database: at least every acknowledged write, at most every attempt.
    const rows = await countTable(c, 'patients', 'patients');
    expect(rows).toBeGreaterThanOrEqual(ackedPatients.size);
    expect(rows).toBeLessThanOrEqual(attemptedPatients);
    console.info(`[durability/${c.backend}] after restart: ${rows} patient rows (${rows - ackedPatients.size} from writes in flight at the kill)`);
    const users = await countTable(c, 'staff', 'users');
    expect(users).toBeGreaterThanOrEqual(ackedStaff.length + 1); // + admin
    expect(users).toBeLessThanOrEqual(attemptedStaff + 1);

    // Every acknowledged patient, by id, field for field as it was answered.
    const missing: string[] = [];
    await mapLimit([...ackedPatients.entries()], 8, async ([id, { sent, reply }]) => {
      const got = await getJson(c.url, token, `/api/v1/patients/${id}`);
      if (got.status !== 200) {
        missing.push(`patient ${id} (${reply.mrn}): HTTP ${got.status}`);
        return;
      }
      const { registeredBy, ...stored } = got.body;
      void registeredBy;
      expect(stored).toEqual(reply);
      expect(stored.nik).toBe(sent.nik);
      expect(stored.mrn).toBe(`RM-${String(id).padStart(6, '0')}`);
    });
    expect(missing, missing.slice(0, 10).join('\n')).toEqual([]);

    // The indexes survived too: a sample found by NIK and by name through search.
    const sample = [...ackedPatients.values()].filter((_, i) => i % 10 === 0);
    await mapLimit(sample, 4, async ({ reply }) => {
      const byNik = await getJson(c.url, token, `/api/v1/patients?q=${reply.nik}`);
      expect(byNik.status).toBe(200);
      expect(byNik.body.items.map((p: { id: number }) => p.id)).toEqual([reply.id]);
      const byName = await getJson(c.url, token, `/api/v1/patients?q=${encodeURIComponent(reply.fullName)}`);
      expect(byName.status).toBe(200);
      expect(byName.body.items.map((p: { id: number }) => p.id)).toContain(reply.id);
    });

    // Every acknowledged staff account, as answered, and able to log in (hash and roles intact).
    const list = await getJson(c.url, token, '/api/v1/staff/users');
    expect(list.status).toBe(200);
    const byId = new Map<number, unknown>(list.body.items.map((u: { id: number }) => [u.id, u]));
    for (const { sent, reply } of ackedStaff) {
      expect(byId.get(reply.id), `staff ${reply.username}`).toEqual(reply);
      const login = await postJson(c.url, '', '/api/v1/auth/token', { username: sent.username, password: sent.password });
      expect(login.status, `login ${sent.username}: ${login.text}`).toBe(200);
    }

    // SQLite: the files are structurally sound after recovery from the WAL.
    if (c.backend === 'sqlite') {
      for (const module of ['patients', 'staff']) {
        const db = new Database(path.join(c.dataDir, `${module}.sqlite`), { readonly: true, fileMustExist: true });
        try {
          expect(db.pragma('integrity_check', { simple: true }), module).toBe('ok');
        } finally {
          db.close();
        }
      }
    }
    expect(contentionLines(c.logs)).toEqual([]);
  });
});
