// The audit log end to end: patients writes entries for create, update and
// one-record reads (not for searches); the audit module merges every module's
// entries newest first with filters and pages; only admins read it; the
// database itself refuses to rewrite history; a module that is down is named
// in `unavailable` instead of failing the list.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/kernel/i18n/format.js';
import { CLINIC_ROLES, startClinic, type Clinic } from '../support/clinic.js';
import { countTable } from '../support/patients.js';
import type { Bilik } from '../support/server.js';
import { createInvoice, createPoli, expectStatus, finishedVisit, registerPatient } from '../support/visit.js';

const TZ = 'Asia/Jakarta';
let c: Clinic;

beforeAll(async () => {
  c = await startClinic({ env: { BILIK_CHAOS: '1' } });
});
afterAll(async () => {
  await c?.stop();
});

/** Admin's view of the merged log (throws on a non-200). */
async function audit(query: Record<string, string | number> = {}): Promise<{ page: number; pageSize: number; hasMore: boolean; entries: any[]; unavailable: string[] }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return expectStatus(await c.api('admin', 'GET', `/api/v1/audit${qs ? `?${qs}` : ''}`), 200).body;
}

async function chaos(module: string, fault: string, times?: number): Promise<void> {
  expectStatus(await c.api('admin', 'POST', '/_chaos', { module, fault, ...(times !== undefined && { times }) }), 200);
}

/**
 * One statement on a module's database over a WRITABLE connection (the app's
 * own code never tries this; the point is that nobody can). Resolves to the
 * error message, or null when the database accepted the statement.
 */
async function tryWrite(b: Bilik, module: string, statement: string): Promise<string | null> {
  if (b.databaseUrl) {
    const client = new pg.Client({ connectionString: b.databaseUrl, options: `-c search_path=${module}` });
    await client.connect();
    try {
      await client.query(statement);
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(b.dataDir, `${module}.sqlite`), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(statement).run();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
}

describe('patients writes audit entries', () => {
  it('records who created, changed and opened a record, newest first; searches, 404s and refused writes add nothing', async () => {
    const before = await countTable(c.b, 'patients', 'audit_log');
    const p = await registerPatient(c);
    expectStatus(await c.api('nurse', 'PATCH', `/api/v1/patients/${p.id}`, { phone: '0812 1111 2222' }), 200);
    expectStatus(await c.api('doctor', 'GET', `/api/v1/patients/${p.id}`), 200);
    expectStatus(await c.page('cashier', 'GET', `/patients/${p.id}`), 200);

    // Not audited: list and search results, unknown ids, rejected input.
    expectStatus(await c.api('front_desk', 'GET', `/api/v1/patients?q=${encodeURIComponent(p.mrn)}`), 200);
    expectStatus(await c.page('front_desk', 'GET', '/patients?q=pasien'), 200);
    expectStatus(await c.api('doctor', 'GET', '/api/v1/patients/99999999'), 404);
    expectStatus(await c.api('front_desk', 'POST', '/api/v1/patients', { fullName: 'Tanpa NIK' }), 422);
    expectStatus(await c.api('nurse', 'PATCH', `/api/v1/patients/${p.id}`, { nik: 'abc' }), 422);
    expect(await countTable(c.b, 'patients', 'audit_log')).toBe(before + 4);

    const { entries, unavailable } = await audit({ patientId: p.id });
    expect(unavailable).not.toContain('patients');
    const mine = entries.filter((e) => e.module === 'patients');
    expect(mine.map((e) => [e.action, e.username, e.role, e.userId])).toEqual([
      ['read', c.staff.cashier.username, 'cashier', c.staff.cashier.id],
      ['read', c.staff.doctor.username, 'doctor', c.staff.doctor.id],
      ['update', c.staff.nurse.username, 'nurse', c.staff.nurse.id],
      ['create', c.staff.front_desk.username, 'front_desk', c.staff.front_desk.id],
    ]);
    for (const e of mine) {
      expect(e).toMatchObject({ patientId: p.id, encounterId: null, entity: 'patient', module: 'patients' });
      expect(Object.keys(e).sort()).toEqual(['action', 'at', 'encounterId', 'entity', 'module', 'patientId', 'role', 'userId', 'username']);
      expect(new Date(e.at).toISOString()).toBe(e.at);
    }
  });

  it('audits the page form of an edit (a read) and a form post (an update)', async () => {
    const p = await registerPatient(c);
    expectStatus(await c.page('front_desk', 'GET', `/patients/${p.id}/edit`), 200);
    const body = (await c.api('front_desk', 'GET', `/api/v1/patients/${p.id}`)).body;
    const form = { nik: body.nik, fullName: 'Pasien Diubah', sex: body.sex, birthDate: body.birthDate, payer: 'general', phone: '', address: '', bpjsNumber: '', insurerName: '', policyNumber: '' };
    expectStatus(await c.page('front_desk', 'POST', `/patients/${p.id}`, form), 303);
    const actions = (await audit({ patientId: p.id })).entries.map((e) => e.action);
    expect(actions).toEqual(['update', 'read', 'read', 'create']);
  });
});

describe('GET /api/v1/audit', () => {
  let a: { id: number };
  let b: { id: number };

  beforeAll(async () => {
    a = await registerPatient(c);
    b = await registerPatient(c);
    expectStatus(await c.api('doctor', 'GET', `/api/v1/patients/${a.id}`), 200);
    expectStatus(await c.api('nurse', 'GET', `/api/v1/patients/${b.id}`), 200);
    expectStatus(await c.api('nurse', 'PATCH', `/api/v1/patients/${a.id}`, { address: 'Jl. Melati No. 3' }), 200);
  });

  it('lists everything newest first, 50 a page', async () => {
    const r = await audit();
    expect(r).toMatchObject({ page: 1, pageSize: 50 });
    expect(r.unavailable).toEqual([]);
    const ats = r.entries.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(r.entries.length).toBeGreaterThanOrEqual(5);
  });

  it('filters by patient, user and action', async () => {
    const byPatient = (await audit({ patientId: a.id })).entries.filter((e) => e.module === 'patients');
    expect(byPatient.map((e) => e.action)).toEqual(['update', 'read', 'create']);
    expect(byPatient.every((e) => e.patientId === a.id)).toBe(true);

    const byNurse = (await audit({ userId: c.staff.nurse.id })).entries;
    expect(byNurse.length).toBeGreaterThanOrEqual(2);
    expect(byNurse.every((e) => e.userId === c.staff.nurse.id && e.role === 'nurse')).toBe(true);
    expect(byNurse.some((e) => e.patientId === b.id && e.action === 'read')).toBe(true);

    const reads = (await audit({ action: 'read', patientId: b.id })).entries.filter((e) => e.module === 'patients');
    expect(reads.map((e) => [e.action, e.username])).toEqual([['read', c.staff.nurse.username]]);
    const combined = (await audit({ action: 'update', userId: c.staff.nurse.id, patientId: a.id })).entries;
    expect(combined.map((e) => [e.action, e.patientId, e.module])).toEqual([['update', a.id, 'patients']]);
  });

  it('filters by clinic-local days and by instants (from inclusive, to through the end of its day)', async () => {
    const today = localDay(new Date(), TZ);
    const yesterday = localDay(new Date(Date.now() - 86_400_000), TZ);
    const tomorrow = localDay(new Date(Date.now() + 86_400_000), TZ);
    expect((await audit({ patientId: a.id, from: today, to: today })).entries.length).toBeGreaterThanOrEqual(3);
    expect((await audit({ patientId: a.id, to: yesterday })).entries).toEqual([]);
    expect((await audit({ patientId: a.id, from: tomorrow })).entries).toEqual([]);

    const all = (await audit({ patientId: a.id })).entries.filter((e) => e.module === 'patients');
    const newest = all[0]!.at;
    const fromNewest = (await audit({ patientId: a.id, from: newest })).entries.filter((e) => e.module === 'patients');
    expect(fromNewest.map((e) => e.at)).toEqual([newest]);
    const untilNewest = (await audit({ patientId: a.id, to: newest })).entries.filter((e) => e.module === 'patients');
    expect(untilNewest.map((e) => e.at)).toEqual(all.slice(1).map((e) => e.at));
  });

  it('pages through more than one page without gaps or repeats', async () => {
    const p = await registerPatient(c);
    for (let i = 0; i < 6; i++) {
      await Promise.all(Array.from({ length: 10 }, () => c.api('doctor', 'GET', `/api/v1/patients/${p.id}`).then((r) => expectStatus(r, 200))));
    }
    // 1 create + 60 reads.
    const p1 = await audit({ patientId: p.id, page: 1 });
    const p2 = await audit({ patientId: p.id, page: 2 });
    const p3 = await audit({ patientId: p.id, page: 3 });
    expect(p1.entries).toHaveLength(50);
    expect(p1.hasMore).toBe(true);
    expect(p2.entries).toHaveLength(11);
    expect(p2.hasMore).toBe(false);
    expect(p3.entries).toEqual([]);
    const all = [...p1.entries, ...p2.entries];
    expect(all.at(-1).action).toBe('create');
    const ats = all.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(all.filter((e) => e.action === 'read')).toHaveLength(60);
  });

  it('refuses bad filters with 422 and field messages', async () => {
    const bad: Array<[string, string]> = [
      ['patientId=abc', 'patientId'],
      ['patientId=0', 'patientId'],
      ['userId=-3', 'userId'],
      ['encounterId=1.5', 'encounterId'],
      ['action=delete', 'action'],
      ['from=2026-13-01', 'from'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['to=2026-01-01T25:99:00Z', 'to'],
      ['page=0', 'page'],
      ['page=101', 'page'],
      ['patientId=1&patientId=2', 'patientId'],
    ];
    for (const [qs, field] of bad) {
      const r = await c.api('admin', 'GET', `/api/v1/audit?${qs}`);
      expect(r.status, qs).toBe(422);
      expect(r.body.error.code, qs).toBe('VALIDATION_FAILED');
      expect(Object.keys(r.body.error.fields), qs).toContain(field);
    }
    const unknown = await c.api('admin', 'GET', '/api/v1/audit?sort=asc');
    expect(unknown.status).toBe(422);
    const reversed = await c.api('admin', 'GET', '/api/v1/audit?from=2026-03-10&to=2026-03-09');
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.code).toBe('AUDIT_RANGE_REVERSED');
    expect(Object.keys(reversed.body.error.fields)).toEqual(['to']);
    // The same day as both ends is a valid one-day range.
    expectStatus(await c.api('admin', 'GET', '/api/v1/audit?from=2026-03-10&to=2026-03-10'), 200);
  });

  it('is for admins only: 403 for every other role, API and page', async () => {
    for (const role of CLINIC_ROLES.filter((r) => r !== 'admin')) {
      const api = await c.api(role, 'GET', '/api/v1/audit');
      expect(api.status, role).toBe(403);
      expect(api.body.error.code, role).toBe('FORBIDDEN');
      const page = await c.page(role, 'GET', '/audit');
      expect(page.status, role).toBe(403);
    }
  });
});

describe('the audit page', () => {
  it('shows the filter form, the entries in the clinic zone, the append-only note and pagination', async () => {
    const p = await registerPatient(c);
    const r = expectStatus(await c.page('admin', 'GET', `/audit?patientId=${p.id}`), 200);
    expect(r.text).toContain('Audit log');
    expect(r.text).toContain('cannot be changed or deleted');
    for (const id of ['audit-patientId', 'audit-encounterId', 'audit-userId', 'audit-action', 'audit-from', 'audit-to']) expect(r.text).toContain(`id="${id}"`);
    expect(r.text).toContain(`value="${p.id}"`);
    expect(r.text).toContain(`${c.staff.front_desk.username} · Front desk`);
    expect(r.text).toContain('Created');
    expect(r.text).toContain('hx-select="#audit-main"');
    // The time is shown in the clinic's zone (Asia/Jakarta, UTC+7), not UTC.
    const entry = (await audit({ patientId: p.id })).entries[0];
    const local = new Date(new Date(entry.at).getTime() + 7 * 3600_000);
    const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    expect(r.text).toContain(hhmm);
    expect(r.text).toContain(`datetime="${entry.at}"`);
  });

  it('re-renders the form with field errors (422) for a bad filter', async () => {
    const r = await c.page('admin', 'GET', '/audit?patientId=abc&from=2026-02-30');
    expect(r.status).toBe(422);
    expect(r.text).toContain('role="alert"');
    expect(r.text).toContain('aria-invalid="true"');
    expect(r.text).toContain('err-audit-patientId');
    expect(r.text).toContain('Not a valid date');
    expect(r.text).toContain('value="abc"');
  });

  it('links to the next page when there is one', async () => {
    const r = expectStatus(await c.page('admin', 'GET', '/audit'), 200);
    const total = (await audit()).hasMore;
    expect(r.text.includes('rel="next"')).toBe(total);
  });
});

/** A finished, invoiced visit: made in 'a whole visit', reused by the degraded-path tests after it. */
let visit: Awaited<ReturnType<typeof finishedVisit>>;

describe('a whole visit', () => {
  beforeAll(async () => {
    const poli = await createPoli(c);
    visit = await finishedVisit(c, poli.id);
    await createInvoice(c, visit.encounterId);
  });

  it('leaves entries in patients, records and billing, merged newest first under the patient', async () => {
    const r = await audit({ patientId: visit.patient.id });
    expect(r.unavailable).toEqual([]);
    const modules = new Set(r.entries.map((e) => e.module));
    for (const m of ['patients', 'records', 'billing']) expect(modules.has(m), `${m} wrote no entry: ${[...modules]}`).toBe(true);
    expect(r.entries.every((e) => e.patientId === visit.patient.id)).toBe(true);
    const ats = r.entries.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    // The oldest entry is the registration; clinical writes are the doctor's and nurse's.
    expect(r.entries.at(-1)).toMatchObject({ module: 'patients', action: 'create', role: 'front_desk' });
    const records = r.entries.filter((e) => e.module === 'records');
    expect(records.some((e) => e.role === 'nurse' && e.encounterId === visit.encounterId)).toBe(true);
    expect(records.some((e) => e.role === 'doctor' && e.encounterId === visit.encounterId)).toBe(true);
    expect(r.entries.some((e) => e.module === 'billing' && e.role === 'cashier')).toBe(true);
  });

  it('filters by encounter across modules', async () => {
    const r = await audit({ encounterId: visit.encounterId });
    expect(r.entries.length).toBeGreaterThan(0);
    expect(r.entries.every((e) => e.encounterId === visit.encounterId)).toBe(true);
    expect(new Set(r.entries.map((e) => e.module)).has('records')).toBe(true);
  });

  it('shows the visit in the patient page\'s history, linked for clinical staff only, with the queue link for the front desk', async () => {
    const asDoctor = expectStatus(await c.page('doctor', 'GET', `/patients/${visit.patient.id}`), 200);
    expect(asDoctor.text).toContain('Visit history');
    expect(asDoctor.text).toContain(`href="/records/encounters/${visit.encounterId}"`);
    expect(asDoctor.text).toContain('dr. Ratna Sari');
    expect(asDoctor.text).toContain('J06.9');
    expect(asDoctor.text).not.toContain('/appointments/queue/new?patientId=');
    const asCashier = expectStatus(await c.page('cashier', 'GET', `/patients/${visit.patient.id}`), 200);
    expect(asCashier.text).toContain('Visit history');
    expect(asCashier.text).not.toContain('/records/encounters/');
    expect(asCashier.text).not.toContain('J06.9');
    const asFrontDesk = expectStatus(await c.page('front_desk', 'GET', `/patients/${visit.patient.id}`), 200);
    expect(asFrontDesk.text).toContain(`href="/appointments/queue/new?patientId=${visit.patient.id}"`);
    // The link leads somewhere real: the walk-in form, with this patient filled in.
    const walkIn = expectStatus(await c.page('front_desk', 'GET', `/appointments/queue/new?patientId=${visit.patient.id}`), 200);
    expect(walkIn.text).toContain(visit.patient.mrn);
    expect(asFrontDesk.text).toContain('Add to today’s queue');
  });
});

describe('append-only, enforced by the database', () => {
  it('refuses UPDATE and DELETE on patients.audit_log (and TRUNCATE on Postgres)', async () => {
    await registerPatient(c);
    const before = await countTable(c.b, 'patients', 'audit_log');
    expect(before).toBeGreaterThan(0);
    const update = await tryWrite(c.b, 'patients', "update audit_log set username = 'someone-else'");
    expect(update).toMatch(/append-only/);
    const del = await tryWrite(c.b, 'patients', 'delete from audit_log');
    expect(del).toMatch(/append-only/);
    if (c.b.databaseUrl) expect(await tryWrite(c.b, 'patients', 'truncate audit_log')).toMatch(/append-only/);
    expect(await countTable(c.b, 'patients', 'audit_log')).toBe(before);
    // The helper can write at all: an insert goes through (so the refusals above are the triggers).
    expect(await tryWrite(c.b, 'patients', "insert into audit_log (at, user_id, username, role, action, entity) values ('2000-01-01T00:00:00.000Z', null, 'probe', 'system', 'read', 'probe')")).toBeNull();
  });
});

describe('a module that is down', () => {
  it('is named in `unavailable`; the other modules are still listed (API and page)', async () => {
    const all = await audit({ patientId: visit.patient.id });
    expect(all.unavailable).toEqual([]);
    const count = (entries: any[], m: string) => entries.filter((e) => e.module === m).length;

    await chaos('patients', 'throw', 1);
    const r = await audit({ patientId: visit.patient.id });
    expect(r.unavailable).toEqual(['patients']);
    expect(count(r.entries, 'patients')).toBe(0);
    for (const m of ['records', 'billing']) expect(count(r.entries, m), m).toBe(count(all.entries, m));
    expect(count(r.entries, 'records')).toBeGreaterThan(0);

    await chaos('records', 'throw', 1);
    const r2 = await audit({ patientId: visit.patient.id });
    expect(r2.unavailable).toEqual(['records']);
    expect(count(r2.entries, 'records')).toBe(0);
    expect(count(r2.entries, 'patients')).toBe(count(all.entries, 'patients'));
    expect(count(r2.entries, 'billing')).toBeGreaterThan(0);

    await chaos('records', 'throw', 1);
    const page = expectStatus(await c.page('admin', 'GET', `/audit?patientId=${visit.patient.id}`), 200);
    expect(page.text).toContain('temporarily unavailable');
    expect(page.text).toContain('Medical records');
    expect(page.text).toContain('Created');
  });

  it('the patient page shows the demographics and a "visit history unavailable" note when records is down', async () => {
    const p = visit.patient;
    const healthy = expectStatus(await c.page('doctor', 'GET', `/patients/${p.id}`), 200);
    expect(healthy.text).not.toContain('Visit history temporarily unavailable');
    await chaos('records', 'throw', 1);
    const r = expectStatus(await c.page('doctor', 'GET', `/patients/${p.id}`), 200);
    expect(r.text).toContain(p.fullName);
    expect(r.text).toContain(p.mrn);
    expect(r.text).toContain('Visit history temporarily unavailable');
    expect(r.text).not.toContain(`/records/encounters/${visit.encounterId}`);
  });
});
