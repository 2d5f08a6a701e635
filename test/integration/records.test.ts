// The records module over real HTTP: triage (vitals, NEWS2, chief complaint,
// allergies), the doctor's record (start, SOAP, diagnoses, procedures,
// prescriptions, finish), visit history, code look-up, permissions, pages,
// audit, and the degraded path when the patients module is faulted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { countTable, queryModule } from '../support/patients.js';
import { NORMAL_VITALS, createPoli, expectStatus, recordVitals, registerPatient, walkIn } from '../support/visit.js';
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';

let c: Clinic;
let poliId: number;

beforeAll(async () => {
  // Indonesian, the clinic default: pages are checked in the words staff read.
  c = await startClinic({ env: { BILIK_CHAOS: '1', BILIK_LOCALE: 'id' } });
  poliId = (await createPoli(c)).id;
});
afterAll(async () => {
  await c?.stop();
});

const enc = (id: number, rest = '') => `/api/v1/records/encounters/${id}${rest}`;

async function newEncounter(): Promise<{ encounterId: number; patientId: number; mrn: string; fullName: string; number: string }> {
  const p = await registerPatient(c);
  const q = await walkIn(c, p.id, poliId, c.staff.doctor.id);
  return { encounterId: q.encounterId, patientId: p.id, mrn: p.mrn, fullName: p.fullName, number: q.number };
}

async function started(): Promise<Awaited<ReturnType<typeof newEncounter>>> {
  const e = await newEncounter();
  expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/start'), {}), 200);
  return e;
}

/** Runs SQL that writes, directly on the module's database (not through the app). */
async function writeSql(text: string): Promise<void> {
  if (c.b.databaseUrl) {
    const client = new pg.Client({ connectionString: c.b.databaseUrl, options: '-c search_path=records' });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(path.join(c.b.dataDir, 'records.sqlite'));
  try {
    db.exec(text);
  } finally {
    db.close();
  }
}

describe('triage: vitals and NEWS2', () => {
  it('records vitals with NEWS2 and shows them newest first on the encounter', async () => {
    const e = await newEncounter();
    const first = await recordVitals(c, e.encounterId);
    expect(first.news2).toMatchObject({ score: 0, risk: 'low' });
    expect(first).toMatchObject({ systolic: 120, diastolic: 80, temperature: 36.8, weightKg: 60, heightCm: 165, onOxygen: false });
    const sick = await recordVitals(c, e.encounterId, { respRate: 24, spo2: 93, onOxygen: true, systolic: 98, pulse: 118, temperature: 39.2 });
    expect(sick.news2).toMatchObject({ score: 12, risk: 'high' });
    expect(sick.news2.parts).toEqual({ respRate: 2, spo2: 2, air: 2, systolic: 2, pulse: 2, consciousness: 0, temperature: 2 });

    const r = expectStatus(await c.api('nurse', 'GET', enc(e.encounterId)), 200).body;
    expect(r.patientId).toBe(e.patientId);
    expect(r.patient).toMatchObject({ id: e.patientId, mrn: e.mrn, fullName: e.fullName });
    expect(r.patientUnavailable).toBe(false);
    expect(r.status).toBe('arrived');
    expect(r.statusHistory.map((h: any) => h.status)).toEqual(['arrived']);
    expect(r.vitals.map((v: any) => v.news2.score)).toEqual([12, 0]);
    expect(r.news2).toMatchObject({ score: 12, risk: 'high' });
    // A nurse never receives the clinical parts.
    for (const k of ['soap', 'diagnoses', 'procedures', 'prescriptions']) expect(r).not.toHaveProperty(k);
  });

  it('rejects impossible values with field messages and stores nothing', async () => {
    const e = await newEncounter();
    const before = await countTable(c.b, 'records', 'vitals');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ spo2: 101 }, 'spo2'],
      [{ spo2: 49 }, 'spo2'],
      [{ pulse: 0 }, 'pulse'],
      [{ pulse: 400 }, 'pulse'],
      [{ diastolic: 120, systolic: 120 }, 'diastolic'],
      [{ temperature: 29.9 }, 'temperature'],
      [{ temperature: 45.1 }, 'temperature'],
      [{ respRate: 16.5 }, 'respRate'],
      [{ consciousness: 'asleep' }, 'consciousness'],
      [{ onOxygen: 'yes' }, 'onOxygen'],
      [{ systolic: '120' }, 'systolic'],
    ];
    for (const [over, field] of cases) {
      const r = await c.api('nurse', 'POST', enc(e.encounterId, '/vitals'), { ...NORMAL_VITALS, ...over });
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(r.body.error.fields), JSON.stringify(over)).toContain(field);
    }
    const missing = await c.api('nurse', 'POST', enc(e.encounterId, '/vitals'), {});
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.error.fields)).toEqual(expect.arrayContaining(['systolic', 'diastolic', 'pulse', 'respRate', 'temperature', 'spo2', 'onOxygen', 'consciousness']));
    expect(await countTable(c.b, 'records', 'vitals')).toBe(before);
  });

  it('sets the chief complaint; 404 for an unknown encounter', async () => {
    const e = await newEncounter();
    const r = expectStatus(await c.api('nurse', 'POST', enc(e.encounterId, '/triage'), { chiefComplaint: '  Demam tiga hari  ' }), 200).body;
    expect(r.chiefComplaint).toBe('Demam tiga hari');
    expect((await c.api('nurse', 'POST', enc(e.encounterId, '/triage'), { chiefComplaint: '' })).status).toBe(422);
    // A NUL byte is refused at the edge (Postgres cannot store it in text; it must be a 422, not a 500).
    const nul = await c.api('nurse', 'POST', enc(e.encounterId, '/triage'), { chiefComplaint: 'Demam\u0000' });
    expect(nul.status).toBe(422);
    expect(Object.keys(nul.body.error.fields)).toEqual(['chiefComplaint']);
    expect((await c.api('nurse', 'GET', enc(99_999_999))).status).toBe(404);
    expect((await c.api('nurse', 'GET', '/api/v1/records/encounters/abc')).status).toBe(404);
    expect((await c.api('nurse', 'POST', enc(99_999_999, '/vitals'), NORMAL_VITALS)).status).toBe(404);
  });

  it('lists the day on the triage list, waiting-for-vitals first', async () => {
    const a = await newEncounter();
    const b = await newEncounter();
    await recordVitals(c, a.encounterId, { consciousness: 'confusion' });
    const r = expectStatus(await c.api('nurse', 'GET', '/api/v1/records/triage'), 200).body;
    const ia = r.items.findIndex((i: any) => i.encounterId === a.encounterId);
    const ib = r.items.findIndex((i: any) => i.encounterId === b.encounterId);
    expect(ia).toBeGreaterThanOrEqual(0);
    expect(ib).toBeGreaterThanOrEqual(0);
    expect(ib).toBeLessThan(ia);
    expect(r.items[ib]).toMatchObject({ waitingForVitals: true, news2: null, queueNumber: b.number });
    expect(r.items[ia]).toMatchObject({ waitingForVitals: false, news2: { score: 3, risk: 'low-medium' } });
    expect(r.items[ia].patient.fullName).toBe(a.fullName);
    const other = expectStatus(await c.api('nurse', 'GET', '/api/v1/records/triage?date=2001-01-01'), 200).body;
    expect(other.items).toEqual([]);
    expect((await c.api('nurse', 'GET', '/api/v1/records/triage?date=2001-13-45')).status).toBe(422);
  });
});

describe('allergies', () => {
  it('records and lists a patient allergy; duplicates 409; unknown patient 404; 422 stores nothing', async () => {
    const e = await newEncounter();
    const url = `/api/v1/records/patients/${e.patientId}/allergies`;
    const a = expectStatus(await c.api('nurse', 'POST', url, { substance: 'Amoxicillin', reaction: 'Ruam', severity: 'moderate' }), 201).body;
    expect(a).toMatchObject({ substance: 'Amoxicillin', reaction: 'Ruam', severity: 'moderate' });
    const dup = await c.api('doctor', 'POST', url, { substance: ' amoxicillin', severity: 'mild' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RECORDS_ALLERGY_DUPLICATE');
    const before = await countTable(c.b, 'records', 'allergies');
    const bad = await c.api('nurse', 'POST', url, { substance: '', severity: 'deadly' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['severity', 'substance']);
    expect(await countTable(c.b, 'records', 'allergies')).toBe(before);
    const list = expectStatus(await c.api('nurse', 'GET', url), 200).body;
    expect(list.items.map((x: any) => x.substance)).toEqual(['Amoxicillin']);
    const shown = expectStatus(await c.api('nurse', 'GET', enc(e.encounterId)), 200).body;
    expect(shown.allergies.map((x: any) => x.severity)).toEqual(['moderate']);
    expect((await c.api('nurse', 'GET', '/api/v1/records/patients/99999999/allergies')).status).toBe(404);
    expect((await c.api('nurse', 'POST', '/api/v1/records/patients/99999999/allergies', { substance: 'X', severity: 'mild' })).status).toBe(404);
  });
});

describe('the consultation', () => {
  it('runs start → SOAP → diagnoses → procedure → prescription → finish, then history and contracts see it', async () => {
    const e = await newEncounter();
    await recordVitals(c, e.encounterId);
    const s = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/start'), {}), 200).body;
    expect(s.status).toBe('in-progress');
    expect(s.statusHistory.map((h: any) => h.status)).toEqual(['arrived', 'in-progress']);
    expect((await c.api('doctor', 'POST', enc(e.encounterId, '/start'), {})).status).toBe(409);

    const soap = { subjective: 'Batuk pilek 3 hari', objective: 'Faring hiperemis', assessment: 'ISPA', plan: 'Simptomatik' };
    expect(expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/soap'), soap), 200).body.soap).toMatchObject(soap);
    expect(expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/soap'), { ...soap, plan: 'Kontrol 3 hari' }), 200).body.soap.plan).toBe('Kontrol 3 hari');

    // Finishing without a primary diagnosis is refused with a clear message.
    const noDx = await c.api('doctor', 'POST', enc(e.encounterId, '/finish'), {});
    expect(noDx.status).toBe(409);
    expect(noDx.body.error.code).toBe('RECORDS_NO_PRIMARY_DIAGNOSIS');
    expect(noDx.body.error.message).toMatch(/diagnosis utama/i);

    const dx = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'J06.9', primary: true }), 201).body;
    expect(dx).toMatchObject({ code: 'J06.9', primary: true });
    const second = await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'I10', primary: true });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('RECORDS_PRIMARY_DIAGNOSIS_EXISTS');
    const same = await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'J06.9', primary: false });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('RECORDS_DIAGNOSIS_DUPLICATE');
    const before = await countTable(c.b, 'records', 'diagnoses');
    const unknown = await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'ZZZ.9', primary: false });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.error.fields)).toEqual(['code']);
    expect(await countTable(c.b, 'records', 'diagnoses')).toBe(before);
    const sec = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'e11.9' }), 201).body;
    expect(sec).toMatchObject({ code: 'E11.9', primary: false });
    expectStatus(await c.api('doctor', 'DELETE', enc(e.encounterId, `/diagnoses/${sec.id}`)), 200);
    expect((await c.api('doctor', 'DELETE', enc(e.encounterId, `/diagnoses/${sec.id}`))).status).toBe(404);

    const px = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/procedures'), { code: '89.52' }), 201).body;
    expect(px).toMatchObject({ code: '89.52', display: 'Electrocardiogram' });
    expect((await c.api('doctor', 'POST', enc(e.encounterId, '/procedures'), { code: 'J06.9' })).status).toBe(422);
    const px2 = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/procedures'), { code: '86.59' }), 201).body;
    expectStatus(await c.api('doctor', 'DELETE', enc(e.encounterId, `/procedures/${px2.id}`)), 200);

    const rx = { drugCode: 'PCT500', dose: '1 tablet', frequency: '3x sehari', durationDays: 3, quantity: 10, instructions: 'sesudah makan' };
    const r1 = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/prescriptions'), rx), 201).body;
    expect(r1).toMatchObject({ drugCode: 'PCT500', drugName: 'Paracetamol', strength: '500 mg', quantity: 10 });
    for (const bad of [{ drugCode: 'NOPE' }, { quantity: 0 }, { quantity: 2.5 }, { durationDays: -1 }, { dose: '' }]) {
      const r = await c.api('doctor', 'POST', enc(e.encounterId, '/prescriptions'), { ...rx, ...bad });
      expect(r.status, JSON.stringify(bad)).toBe(422);
    }
    const r2 = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/prescriptions'), { ...rx, drugCode: 'AMX500', quantity: 15 }), 201).body;
    const r3 = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/prescriptions'), { ...rx, drugCode: 'CTM4' }), 201).body;
    expectStatus(await c.api('doctor', 'DELETE', enc(e.encounterId, `/prescriptions/${r3.id}`)), 200);

    const full = expectStatus(await c.api('doctor', 'GET', enc(e.encounterId)), 200).body;
    expect(full.soap.plan).toBe('Kontrol 3 hari');
    expect(full.diagnoses.map((d: any) => [d.code, d.primary])).toEqual([['J06.9', true]]);
    expect(full.procedures.map((p: any) => p.code)).toEqual(['89.52']);
    expect(full.prescriptions.map((p: any) => p.id)).toEqual([r1.id, r2.id]);

    const fin = expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/finish'), {}), 200).body;
    expect(fin.status).toBe('finished');
    expect(fin.finishedAt).toEqual(expect.any(String));
    expect(fin.statusHistory.map((h: any) => h.status)).toEqual(['arrived', 'in-progress', 'finished']);

    // A finished encounter is closed to every write.
    expect((await c.api('doctor', 'POST', enc(e.encounterId, '/finish'), {})).status).toBe(409);
    expect((await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'I10' })).status).toBe(409);
    expect((await c.api('doctor', 'DELETE', enc(e.encounterId, `/diagnoses/${dx.id}`))).status).toBe(409);
    expect((await c.api('doctor', 'POST', enc(e.encounterId, '/soap'), soap)).status).toBe(409);
    const closed = await c.api('nurse', 'POST', enc(e.encounterId, '/vitals'), NORMAL_VITALS);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('RECORDS_ENCOUNTER_STATE');
    expect((await c.api('nurse', 'POST', enc(e.encounterId, '/triage'), { chiefComplaint: 'x' })).status).toBe(409);

    const hist = expectStatus(await c.api('doctor', 'GET', `/api/v1/records/patients/${e.patientId}/encounters`), 200).body;
    expect(hist.items[0]).toMatchObject({ encounterId: e.encounterId, status: 'finished', primaryDiagnosis: { code: 'J06.9' } });
  });

  it('refuses clinical writes before the consultation starts', async () => {
    const e = await newEncounter();
    for (const [p, body] of [
      ['/soap', { subjective: 'x' }],
      ['/diagnoses', { code: 'I10', primary: true }],
      ['/procedures', { code: '89.52' }],
      ['/prescriptions', { drugCode: 'PCT500', dose: '1', frequency: '3x', durationDays: 1, quantity: 1 }],
      ['/finish', {}],
    ] as const) {
      const r = await c.api('doctor', 'POST', enc(e.encounterId, p), body);
      expect(r.status, p).toBe(409);
      expect(r.body.error.code, p).toBe('RECORDS_ENCOUNTER_STATE');
    }
    expect((await c.api('doctor', 'POST', enc(99_999_999, '/start'), {})).status).toBe(404);
  });

  it('looks up codes (clinical only)', async () => {
    const r = expectStatus(await c.api('doctor', 'GET', '/api/v1/records/codes?system=icd10&q=hipertensi'), 200).body;
    expect(r.items.map((i: any) => i.code)).toContain('I10');
    const d = expectStatus(await c.api('doctor', 'GET', '/api/v1/records/codes?system=drug&q=amox'), 200).body;
    expect(d.items[0]).toMatchObject({ code: 'AMX500', name: 'Amoxicillin' });
    expect((await c.api('doctor', 'GET', '/api/v1/records/codes?system=loinc&q=x')).status).toBe(422);
    expect((await c.api('nurse', 'GET', '/api/v1/records/codes?system=icd10&q=x')).status).toBe(403);
    const frag = expectStatus(await c.page('doctor', 'GET', '/records/_codes?system=icd9cm&code=89.5'), 200);
    expect(frag.text).toContain('<option value="89.52">');
  });
});

describe('permissions', () => {
  it('nurse cannot start, write clinical data, finish or read history; cashier and front desk get 403 everywhere', async () => {
    const e = await newEncounter();
    for (const [m, p, b] of [
      ['POST', enc(e.encounterId, '/start'), {}],
      ['POST', enc(e.encounterId, '/soap'), { subjective: 'x' }],
      ['POST', enc(e.encounterId, '/diagnoses'), { code: 'I10' }],
      ['POST', enc(e.encounterId, '/prescriptions'), {}],
      ['POST', enc(e.encounterId, '/finish'), {}],
      ['GET', `/api/v1/records/patients/${e.patientId}/encounters`, undefined],
    ] as const) {
      expect((await c.api('nurse', m, p, b)).status, `${m} ${p}`).toBe(403);
    }
    for (const role of ['cashier', 'front_desk'] as const) {
      for (const [m, p, b] of [
        ['GET', enc(e.encounterId), undefined],
        ['POST', enc(e.encounterId, '/vitals'), NORMAL_VITALS],
        ['POST', enc(e.encounterId, '/start'), {}],
        ['GET', '/api/v1/records/triage', undefined],
        ['GET', `/api/v1/records/patients/${e.patientId}/allergies`, undefined],
      ] as const) {
        expect((await c.api(role, m, p, b)).status, `${role} ${m} ${p}`).toBe(403);
      }
      expect((await c.page(role, 'GET', `/records/encounters/${e.encounterId}`)).status).toBe(403);
    }
  });
});

describe('pages', () => {
  it('nurse: triage list and encounter page without clinical sections; forms re-render with errors', async () => {
    const e = await newEncounter();
    const list = expectStatus(await c.page('nurse', 'GET', '/records/triage'), 200);
    expect(list.text).toContain('Triase');
    expect(list.text).toContain(e.fullName);
    expect(list.text).toContain('hx-trigger="every 10s"');
    expect(expectStatus(await c.page('nurse', 'GET', '/records/_triage'), 200).text).toContain(`/records/encounters/${e.encounterId}`);

    const page = expectStatus(await c.page('nurse', 'GET', `/records/encounters/${e.encounterId}`), 200);
    expect(page.text).toContain(e.fullName);
    expect(page.text).toContain(e.mrn);
    expect(page.text).toContain('Belum ada tanda vital');
    expect(page.text).toContain('name="systolic"');
    expect(page.text).not.toContain('Catatan SOAP');
    expect(page.text).not.toContain('Mulai pemeriksaan');

    // htmx form post with an impossible SpO2 → the workspace again, 422, the error on the field, values kept.
    const form = { systolic: '120', diastolic: '80', pulse: '72', respRate: '16', temperature: '36,8', spo2: '150', consciousness: 'alert' };
    const bad = await c.page('nurse', 'POST', `/records/encounters/${e.encounterId}/vitals`, form, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="encounter"');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('SpO2 harus 50–100%');
    expect(bad.text).toContain('value="150"');
    const ok = await c.page('nurse', 'POST', `/records/encounters/${e.encounterId}/vitals`, { ...form, spo2: '97', onOxygen: 'on' }, { 'HX-Request': 'true' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('NEWS2 2 · risiko rendah');
    // Without htmx: a 303 back to the page.
    const plain = await c.page('nurse', 'POST', `/records/encounters/${e.encounterId}/triage`, { chiefComplaint: 'Pusing' });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/records/encounters/${e.encounterId}`);
  });

  it('doctor: start, diagnose, 409 on finish shown in place, finish', async () => {
    const e = await newEncounter();
    const base = `/records/encounters/${e.encounterId}`;
    const hx = { 'HX-Request': 'true' };
    const page = expectStatus(await c.page('doctor', 'GET', base), 200);
    expect(page.text).toContain('Mulai pemeriksaan');
    const s = expectStatus(await c.page('doctor', 'POST', `${base}/start`, {}, hx), 200);
    expect(s.text).toContain('Catatan SOAP');
    expect(s.text).toContain('list="dx-codes"');
    const noDx = await c.page('doctor', 'POST', `${base}/finish`, {}, hx);
    expect(noDx.status).toBe(409);
    expect(noDx.text).toContain('tambahkan satu diagnosis utama');
    expect(noDx.text).toContain('id="encounter"');
    const unknown = await c.page('doctor', 'POST', `${base}/diagnoses`, { code: 'XYZ', primary: 'on' }, hx);
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Kode tidak dikenal');
    expectStatus(await c.page('doctor', 'POST', `${base}/soap`, { subjective: 'Nyeri ulu hati', objective: '', assessment: 'Gastritis', plan: 'Antasida' }, hx), 200);
    const dx = expectStatus(await c.page('doctor', 'POST', `${base}/diagnoses`, { code: 'K29.7', primary: 'on' }, hx), 200);
    expect(dx.text).toContain('Gastritis, tidak spesifik');
    const rx = expectStatus(await c.page('doctor', 'POST', `${base}/prescriptions`, { drugCode: 'ANT200', dose: '1 tablet', frequency: '3x sehari', durationDays: '5', quantity: '15' }, hx), 200);
    expect(rx.text).toContain('Antasida DOEN');
    const fin = expectStatus(await c.page('doctor', 'POST', `${base}/finish`, {}, hx), 200);
    expect(fin.text).toContain('Kunjungan selesai');
    expect(fin.text).not.toContain('name="systolic"');
    const enG = expectStatus(await c.page('doctor', 'GET', base), 200);
    expect(enG.text).toContain('Selesai');
  });

  it('the dashboard panel counts patients waiting for vitals', async () => {
    await newEncounter();
    const r = expectStatus(await c.page('nurse', 'GET', '/records/_panel/waiting'), 200);
    expect(r.text).toMatch(/<strong>\d+<\/strong>/);
  });
});

describe('audit', () => {
  it('writes create/update/read entries with patient and encounter ids', async () => {
    const e = await started();
    await recordVitals(c, e.encounterId);
    expectStatus(await c.api('doctor', 'POST', enc(e.encounterId, '/diagnoses'), { code: 'I10', primary: true }), 201);
    expectStatus(await c.api('doctor', 'GET', enc(e.encounterId)), 200);
    const rows = await queryModule<{ action: string; entity: string; role: string; patient_id: number; user_id: number }>(
      c.b, 'records', 'select action, entity, role, patient_id, user_id from audit_log where encounter_id = ? order by id', [e.encounterId],
    );
    const seen = rows.map((r) => `${r.action}:${r.entity}:${r.role}`);
    expect(seen).toEqual(expect.arrayContaining(['create:encounter:front_desk', 'update:encounter:doctor', 'create:vitals:nurse', 'create:diagnosis:doctor', 'read:encounter:doctor']));
    for (const r of rows) expect(Number(r.patient_id)).toBe(e.patientId);
  });

  it('refuses UPDATE and DELETE on audit_log in the database itself', async () => {
    const n = await countTable(c.b, 'records', 'audit_log');
    expect(n).toBeGreaterThan(0);
    await expect(writeSql("update audit_log set username = 'x'")).rejects.toThrow(/append-only/);
    await expect(writeSql('delete from audit_log')).rejects.toThrow(/append-only/);
    expect(await countTable(c.b, 'records', 'audit_log')).toBe(n);
  });
});

describe('contracts through their callers', () => {
  it('a walk-in opens an arrived encounter; records statuses show on the queue', async () => {
    const e = await newEncounter();
    const r = expectStatus(await c.api('nurse', 'GET', enc(e.encounterId)), 200).body;
    expect(r).toMatchObject({ status: 'arrived', poliId, doctorId: c.staff.doctor.id, queueNumber: e.number });
  });

  it('cancelling a waiting queue entry cancels the encounter; a started one refuses (409)', async () => {
    const e = await newEncounter();
    const queue = expectStatus(await c.api('front_desk', 'GET', '/api/v1/appointments/queue'), 200).body;
    const entries: any[] = Array.isArray(queue) ? queue : queue.entries ?? queue.items;
    const entry = entries.find((x) => x.encounterId === e.encounterId);
    expectStatus(await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${entry.id}/cancel`, {}), 200);
    const r = expectStatus(await c.api('nurse', 'GET', enc(e.encounterId)), 200).body;
    expect(r.status).toBe('cancelled');
    expect(r.statusHistory.map((h: any) => h.status)).toEqual(['arrived', 'cancelled']);
    expect((await c.api('nurse', 'POST', enc(e.encounterId, '/vitals'), NORMAL_VITALS)).status).toBe(409);

    const s = await started();
    const q2 = expectStatus(await c.api('front_desk', 'GET', '/api/v1/appointments/queue'), 200).body;
    const e2 = (Array.isArray(q2) ? q2 : q2.entries ?? q2.items).find((x: any) => x.encounterId === s.encounterId);
    expect((await c.api('front_desk', 'POST', `/api/v1/appointments/queue/${e2.id}/cancel`, {})).status).toBe(409);
    expect(expectStatus(await c.api('doctor', 'GET', enc(s.encounterId)), 200).body.status).toBe('in-progress');
  });

  it('the queue board shows the encounter status and NEWS2 (getEncounterStates)', async () => {
    const e = await newEncounter();
    await recordVitals(c, e.encounterId, { pulse: 135, systolic: 90, consciousness: 'voice' });
    const queue = expectStatus(await c.api('front_desk', 'GET', '/api/v1/appointments/queue'), 200).body;
    const entry = (Array.isArray(queue) ? queue : queue.entries ?? queue.items).find((x: any) => x.encounterId === e.encounterId);
    expect(entry.news2).toMatchObject({ score: 9, risk: 'high' });
  });
});

describe('degraded: patients module faulted', () => {
  it('the encounter page and triage list still render with "pasien #id" and a note', async () => {
    const e = await newEncounter();
    const admin = c.staff.admin.token;
    const chaos = (body: unknown) => fetch(`${c.url}/_chaos`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await chaos({ module: 'patients', fault: 'throw', times: 100 })).status).toBe(200);
    try {
      const page = expectStatus(await c.page('nurse', 'GET', `/records/encounters/${e.encounterId}`), 200);
      expect(page.text).toContain(`pasien #${e.patientId}`);
      expect(page.text).toContain('Data pasien sementara tidak tersedia');
      const api = expectStatus(await c.api('nurse', 'GET', enc(e.encounterId)), 200).body;
      expect(api).toMatchObject({ patient: null, patientUnavailable: true, patientId: e.patientId });
      const list = expectStatus(await c.page('nurse', 'GET', '/records/triage'), 200);
      expect(list.text).toContain(`pasien #${e.patientId}`);
    } finally {
      await chaos({ module: 'patients', fault: 'none' });
    }
  });
});
