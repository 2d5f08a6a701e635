// The patients module's JSON API end to end against the built app: create,
// get, patch, search (name prefix of any word, NIK, MRN), pagination, the
// 404/409/422 answers with nothing stored, and the permission split.
// Forms, pages, the panel and degradation are in patients-ui.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createStaff, json, startBilik, type Bilik } from '../support/server.js';
import { patientsHelpers } from '../support/patients.js';

let b: Bilik;
let token: string;
let browser: { cookie: string; csrf: string };

beforeAll(async () => {
  b = await startBilik();
  token = await b.loginApi('admin', ADMIN_PASSWORD);
  browser = await b.loginBrowser('admin', ADMIN_PASSWORD);
}, 90_000);
afterAll(async () => {
  await b?.stop();
});

// ---- helpers -------------------------------------------------------------

const { auth, api, page, countRows, nikFor, patient, create } = patientsHelpers(() => ({ b, token, browser }));

// ---- JSON API --------------------------------------------------------------

describe('JSON API', () => {
  it('creates a patient: 201, system MRN, normalised fields, full JSON shape', async () => {
    const res = await api('POST', '/api/v1/patients', patient({ fullName: '  Siti   Aminah ', sex: 'F', birthDate: '1992-11-25', phone: '0812-3456-7890', payer: 'bpjs', bpjsNumber: '0001234567891' }));
    expect(res.status).toBe(201);
    const p = await json(res);
    expect(p.mrn).toMatch(/^RM-\d{6}$/);
    expect(p.mrn).toBe(`RM-${String(p.id).padStart(6, '0')}`);
    expect(p).toMatchObject({ fullName: 'Siti Aminah', sex: 'F', birthDate: '1992-11-25', phone: '+6281234567890', payer: 'bpjs', bpjsNumber: '0001234567891', address: null, insurerName: null, policyNumber: null });
    expect(Object.keys(p).sort()).toEqual(
      ['id', 'mrn', 'nik', 'fullName', 'sex', 'birthDate', 'phone', 'address', 'payer', 'bpjsNumber', 'insurerName', 'policyNumber', 'createdAt', 'updatedAt'].sort(),
    );
    expect(p.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('gets a patient by id, naming who registered them', async () => {
    const created = await create({ fullName: 'Agus Salim' });
    const res = await api('GET', `/api/v1/patients/${created.id}`);
    expect(res.status).toBe(200);
    const p = await json(res);
    expect(p).toMatchObject({ ...created });
    expect(p.registeredBy).toMatchObject({ resolved: true });
    expect(typeof p.registeredBy.name).toBe('string');
    expect(p.registeredBy.name).not.toMatch(/^staff #/);
  });

  it.each(['999999', 'abc', '0', '-1', '1.5'])('answers 404 PATIENT_NOT_FOUND for id %s', async (id) => {
    const res = await api('GET', `/api/v1/patients/${id}`);
    expect(res.status).toBe(404);
    expect((await json(res)).error).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
  });

  it('patches some fields and leaves the rest', async () => {
    const created = await create({ fullName: 'Dewi Kartika', sex: 'F', birthDate: '1990-04-04' });
    const res = await api('PATCH', `/api/v1/patients/${created.id}`, { phone: '+62 813 2211 4455', address: 'Jl. Pandanaran No. 21' });
    expect(res.status).toBe(200);
    const p = await json(res);
    expect(p).toMatchObject({ id: created.id, mrn: created.mrn, nik: created.nik, fullName: 'Dewi Kartika', phone: '+6281322114455', address: 'Jl. Pandanaran No. 21' });
    expect(p.updatedAt >= created.updatedAt).toBe(true);
    const cleared = await json(await api('PATCH', `/api/v1/patients/${created.id}`, { phone: null }));
    expect(cleared.phone).toBeNull();
    expect(cleared.address).toBe('Jl. Pandanaran No. 21');
  });

  it('checks a patch against the stored record: a new birth date must still match the NIK', async () => {
    const created = await create({ fullName: 'Joko Susilo' });
    const res = await api('PATCH', `/api/v1/patients/${created.id}`, { birthDate: '1985-08-18' });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields.nik).toMatch(/digits 7–12/);
    expect((await json(await api('GET', `/api/v1/patients/${created.id}`))).birthDate).toBe('1985-08-17');
  });

  it('answers 404 to a PATCH of an unknown patient', async () => {
    const res = await api('PATCH', '/api/v1/patients/987654', { phone: '081234567890' });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('PATIENT_NOT_FOUND');
  });

  it('answers 422 with field messages and stores nothing', async () => {
    const before = (await countRows());
    const res = await api('POST', '/api/v1/patients', {
      nik: '12345',
      fullName: 'Budi 2',
      sex: 'X',
      birthDate: '2999-01-01',
      phone: 'call me',
      payer: 'insurance',
    });
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toMatchObject({
      nik: 'NIK must be exactly 16 digits.',
      fullName: expect.stringMatching(/letters/),
      sex: expect.stringMatching(/male \(M\) or female \(F\)/),
      birthDate: expect.stringMatching(/future/),
      phone: expect.stringMatching(/Indonesian number/),
    });
    expect((await countRows())).toBe(before);
  });

  it('puts a NIK that contradicts birth date or sex on the NIK field', async () => {
    const before = (await countRows());
    const nik = nikFor('1985-08-17', 'M');
    const wrongDay = await json(await api('POST', '/api/v1/patients', patient({ nik, birthDate: '1985-08-19' })));
    expect(wrongDay.error.fields.nik).toMatch(/190885/);
    const wrongSex = await json(await api('POST', '/api/v1/patients', patient({ nik, sex: 'F' })));
    expect(wrongSex.error.fields.nik).toMatch(/\+ ?40/);
    const bpjs = await json(await api('POST', '/api/v1/patients', patient({ payer: 'bpjs' })));
    expect(bpjs.error.fields).toEqual({ bpjsNumber: 'BPJS number is required when the payer is BPJS.' });
    expect((await countRows())).toBe(before);
  });

  it('refuses a duplicate NIK with 409 PATIENT_NIK_TAKEN on the NIK field', async () => {
    const first = await create({ fullName: 'Rina Wijaya', sex: 'F', birthDate: '1988-02-29' });
    const before = (await countRows());
    const res = await api('POST', '/api/v1/patients', patient({ nik: first.nik, fullName: 'Rina Lain', sex: 'F', birthDate: '1988-02-29' }));
    expect(res.status).toBe(409);
    const { error } = await json(res);
    expect(error.code).toBe('PATIENT_NIK_TAKEN');
    expect(error.fields.nik).toContain(first.mrn);
    expect((await countRows())).toBe(before);
    // Changing another patient's NIK to a taken one is the same conflict.
    const other = await create({ fullName: 'Tri Utami', sex: 'F', birthDate: '1988-02-29' });
    const patch = await api('PATCH', `/api/v1/patients/${other.id}`, { nik: first.nik });
    expect(patch.status).toBe(409);
  });
});

// ---- search ----------------------------------------------------------------

describe('search', () => {
  let target: any;
  beforeAll(async () => {
    target = await create({ fullName: 'Wulan Kinanti Prameswari', sex: 'F', birthDate: '1999-09-09' });
  });

  const search = async (q: string, p = 1) => {
    const res = await api('GET', `/api/v1/patients?q=${encodeURIComponent(q)}&page=${p}`);
    expect(res.status).toBe(200);
    return json(res);
  };

  it('finds a patient by a prefix of the second word, any case', async () => {
    const r = await search('KINAN');
    expect(r.items.map((p: any) => p.id)).toContain(target.id);
    expect(r).toMatchObject({ page: 1, pageSize: 20, hasMore: false });
    expect((await search('wulan prames')).items.map((p: any) => p.id)).toEqual([target.id]);
  });

  it('finds by NIK and by MRN in either spelling', async () => {
    expect((await search(target.nik)).items.map((p: any) => p.id)).toEqual([target.id]);
    expect((await search(target.mrn)).items.map((p: any) => p.id)).toEqual([target.id]);
    expect((await search(`rm-${target.id}`)).items.map((p: any) => p.id)).toEqual([target.id]);
  });

  it('lists the newest first for an empty query', async () => {
    const newest = await create({ fullName: 'Paling Baru' });
    const r = await search('');
    expect(r.items[0].id).toBe(newest.id);
  });

  it('paginates 20 per page with hasMore, without repeats', async () => {
    const first = ['Ayu', 'Bagus', 'Citra', 'Dimas', 'Endah', 'Fajar', 'Gita', 'Hadi', 'Indah', 'Joko', 'Kartika', 'Lukman', 'Mega', 'Nanda', 'Oki', 'Putri', 'Qori', 'Rudi', 'Sinta', 'Teguh', 'Umi', 'Vina', 'Wawan'];
    for (const f of first) await create({ fullName: `${f} Paginasari` });
    const p1 = await search('paginas', 1);
    const p2 = await search('paginas', 2);
    expect(p1.items).toHaveLength(20);
    expect(p1.hasMore).toBe(true);
    expect(p2.items).toHaveLength(3);
    expect(p2.hasMore).toBe(false);
    const ids = [...p1.items, ...p2.items].map((p: any) => p.id);
    expect(new Set(ids).size).toBe(23);
  });

  it('validates the query', async () => {
    const res = await api('GET', '/api/v1/patients?page=0');
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields.page).toBeDefined();
  });

  it('serves the list page with a labelled search box and the results fragment', async () => {
    const res = await page('/patients?q=kinan');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label for="patient-q">/);
    expect(html).toMatch(/hx-get="\/patients\/_search"/);
    expect(html).toMatch(/hx-trigger="input changed delay:250ms, search"/);
    expect(html).toContain('Wulan Kinanti Prameswari');

    const frag = await page('/patients/_search?q=kinan', { 'HX-Request': 'true' });
    expect(frag.status).toBe(200);
    const fhtml = await frag.text();
    expect(fhtml).not.toMatch(/<html/i);
    expect(fhtml).toContain(`href="/patients/${target.id}"`);

    const none = await (await page('/patients/_search?q=zzzqqq', { 'HX-Request': 'true' })).text();
    expect(none).toContain('No patients found');
  });
});


// ---- permissions -------------------------------------------------------------

describe('permissions', () => {
  it('lets a cashier read but not register or edit', async () => {
    await createStaff(b.url, token, { username: 'kasir1', password: 'cashier-password-1', roles: ['cashier'] });
    const cashier = await b.loginApi('kasir1', 'cashier-password-1');
    expect((await api('GET', '/api/v1/patients', undefined, cashier)).status).toBe(200);
    const before = (await countRows());
    expect((await api('POST', '/api/v1/patients', patient({ fullName: 'Tidak Boleh' }), cashier)).status).toBe(403);
    expect((await api('PATCH', '/api/v1/patients/1', { phone: '081234567890' }, cashier)).status).toBe(403);
    expect((await countRows())).toBe(before);
  });

  it('refuses anonymous API calls', async () => {
    const res = await fetch(`${b.url}/api/v1/patients`);
    expect(res.status).toBe(401);
  });
});
