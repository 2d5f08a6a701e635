// The patients module's HTML end to end against the built app: the htmx
// register/edit form (CSRF, inline errors with values kept, 409 on the NIK
// field), escaping of stored text, the dashboard panel, demo seeding, and the
// detail page degrading to "staff #id" when the staff module cannot answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, json, startBilik, type Bilik } from '../support/server.js';
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
const postForm = (p: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${b.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie, ...headers },
    body: new URLSearchParams({ _csrf: browser.csrf, ...form }).toString(),
  });

// ---- forms -----------------------------------------------------------------

describe('register and edit forms', () => {
  it('serves the register form with CSRF, labels and htmx wiring', async () => {
    const res = await page('/patients/new');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/patients"[^>]*hx-post="\/patients"[^>]*hx-target="this"[^>]*hx-swap="outerHTML"/);
    expect(html).toContain(`name="_csrf" value="${browser.csrf}"`);
    for (const f of ['nik', 'fullName', 'sex', 'birthDate', 'phone', 'address', 'payer', 'bpjsNumber', 'insurerName', 'policyNumber']) {
      expect(html).toContain(`<label for="patient-${f}"`);
    }
    // The form itself needs no inline script, handler or style (the CSP forbids them).
    const start = html.indexOf('<form class="card"');
    const form = html.slice(start, html.indexOf('</form>', start) + 7);
    expect(form.length).toBeGreaterThan(100);
    expect(form).not.toMatch(/<script/i);
    expect(form).not.toMatch(/\son[a-z]+=/i);
    expect(form).not.toMatch(/style=/i);
  });

  it('refuses a form post without the CSRF token', async () => {
    const res = await fetch(`${b.url}/patients`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie },
      body: new URLSearchParams(patient({ fullName: 'Tanpa Token' }) as Record<string, string>).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('re-renders the form with inline errors (422), values kept, nothing stored', async () => {
    const before = (await countRows());
    const res = await postForm('/patients', { nik: '31710117088', fullName: 'Bambang Pamungkas', sex: 'M', birthDate: '1985-08-17', payer: 'general', phone: '', address: 'Jl. Mawar 1' }, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html.trimStart()).toMatch(/^<form/);
    expect(html).toContain('id="err-nik"');
    expect(html).toContain('NIK must be exactly 16 digits.');
    expect(html).toMatch(/name="nik"[^>]*aria-describedby="hint-nik err-nik"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="31710117088"');
    expect(html).toContain('value="Bambang Pamungkas"');
    expect(html).toContain('Jl. Mawar 1');
    expect(html).toContain(`name="_csrf" value="${browser.csrf}"`);
    expect((await countRows())).toBe(before);
  });

  it('shows a duplicate NIK inline on the NIK field (409)', async () => {
    const existing = await create({ fullName: 'Sri Rahayu', sex: 'F', birthDate: '1970-01-31' });
    const res = await postForm('/patients', { nik: existing.nik, fullName: 'Sri Lain', sex: 'F', birthDate: '1970-01-31', payer: 'general' }, { 'HX-Request': 'true' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/<p class="field-error" id="err-nik">[^<]*already registered[^<]*RM-\d{6}/);
    expect(html).toContain('value="Sri Lain"');
  });

  it('registers through the form and redirects to the record', async () => {
    const form = patient({ fullName: 'Eko Prasetyo', phone: '0857 1111 2222' }) as Record<string, string>;
    const res = await postForm('/patients', { ...form, address: '', bpjsNumber: '', insurerName: '', policyNumber: '' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/patients\/\d+$/);
    const detail = await (await page(location)).text();
    expect(detail).toContain('Eko Prasetyo');
    expect(detail).toContain('+6285711112222');
    expect(detail).toMatch(/RM-\d{6}/);
  });

  it('edits through the form; an emptied optional field is cleared', async () => {
    const created = await create({ fullName: 'Hadi Gunawan', phone: '081299998888', address: 'Jl. Lama 1' });
    const edit = await page(`/patients/${created.id}/edit`);
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toContain(`action="/patients/${created.id}"`);
    expect(html).toContain('value="Hadi Gunawan"');

    const res = await postForm(`/patients/${created.id}`, { nik: created.nik, fullName: 'Hadi Gunawan Putra', sex: 'M', birthDate: created.birthDate, payer: 'general', phone: '', address: 'Jl. Baru 2' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/patients/${created.id}`);
    const after = await json(await api('GET', `/api/v1/patients/${created.id}`));
    expect(after).toMatchObject({ fullName: 'Hadi Gunawan Putra', phone: null, address: 'Jl. Baru 2', mrn: created.mrn });

    const bad = await postForm(`/patients/${created.id}`, { nik: created.nik, fullName: 'Hadi', sex: 'M', birthDate: '1985-13-01', payer: 'general' }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain(`action="/patients/${created.id}"`);
    expect(badHtml).toContain('id="err-birthDate"');
  });

  it('answers 404 for the edit form of an unknown patient', async () => {
    expect((await page('/patients/424242/edit')).status).toBe(404);
    expect((await page('/patients/nope')).status).toBe(404);
  });
});

// ---- escaping and the panel -------------------------------------------------

describe('detail page and panel', () => {
  it('escapes stored text: a <script> in the address is shown as text', async () => {
    const created = await create({ fullName: 'Yohanes Sitorus', address: '<script>alert(1)</script> & "quotes"' });
    const res = await page(`/patients/${created.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('<script>alert(1)</script>');
    // A name with markup never gets that far: it fails the name rule.
    const bad = await api('POST', '/api/v1/patients', patient({ fullName: '<script>alert(1)</script>' }));
    expect(bad.status).toBe(422);
  });

  it('shows who registered the patient on the detail page', async () => {
    const created = await create({ fullName: 'Made Wirawan' });
    const html = await (await page(`/patients/${created.id}`)).text();
    expect(html).toContain('Registered by');
    expect(html).not.toContain('name unavailable');
  });

  it('serves the recently-registered panel as a fragment, newest first', async () => {
    const newest = await create({ fullName: 'Ketut Suardana' });
    const res = await page('/patients/_panel/recent', { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<html/i);
    expect(html).toContain(`href="/patients/${newest.id}"`);
    expect(html.indexOf('Ketut Suardana')).toBeGreaterThan(-1);
    expect((html.match(/<li>/g) ?? []).length).toBe(5);
  });
});

// ---- demo data and degradation (own server: demo on, chaos on) ------------

describe('demo seeding and a missing staff module', () => {
  let d: Bilik;
  let dToken: string;
  beforeAll(async () => {
    // A long auth cache so the injected staff fault hits the patients→staff call, not the login check.
    d = await startBilik({ env: { BILIK_DEMO: '1', BILIK_CHAOS: '1', BILIK_AUTH_CACHE_MS: '60000' } });
    dToken = await d.loginApi('admin', ADMIN_PASSWORD);
    // A fresh demo install fills today's clinic in the background, through the
    // API (logins included); an injected one-shot staff fault must not be
    // consumed by that, so the fault tests wait until it is done.
    const deadline = Date.now() + 150_000;
    while (!d.logs.some((l) => l.includes("demo: today's clinic is ready") || l.includes('demo day could not be made')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);
  afterAll(async () => {
    await d?.stop();
  });

  it('seeds realistic demo patients once, on an empty table', async () => {
    // 12 hand-written patients plus generated ones (seed.ts): a believable small clinic.
    expect(d.logs.some((l) => l.includes('patients: seeded 200 demo patients'))).toBe(true);
    const res = await fetch(`${d.url}/api/v1/patients?q=sukarni`, { headers: auth(dToken) });
    const r = await json(res);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ fullName: 'Sukarni', sex: 'F', payer: 'general' });
    expect(r.items[0].nik.slice(6, 12)).toBe('570348');
  });

  it('shows "staff #id" and marks the gap when staff cannot answer, instead of failing', async () => {
    const created = await json(
      await fetch(`${d.url}/api/v1/patients`, {
        method: 'POST',
        headers: { ...auth(dToken), 'content-type': 'application/json' },
        body: JSON.stringify(patient({ fullName: 'Andi Arif' })),
      }),
    );
    const chaos = await fetch(`${d.url}/_chaos`, {
      method: 'POST',
      headers: { ...auth(dToken), 'content-type': 'application/json' },
      body: JSON.stringify({ module: 'staff', fault: 'throw', times: 1 }),
    });
    expect(chaos.status, await chaos.clone().text()).toBe(200);
    const res = await fetch(`${d.url}/api/v1/patients/${created.id}`, { headers: auth(dToken) });
    expect(res.status).toBe(200);
    const p = await json(res);
    expect(p.fullName).toBe('Andi Arif');
    expect(p.registeredBy).toMatchObject({ resolved: false, name: expect.stringMatching(/^staff #\d+$/) });
    // The page marks the gap the same way: the record is shown, the name is not.
    const session = await d.loginBrowser('admin', ADMIN_PASSWORD);
    await fetch(`${d.url}/_chaos`, {
      method: 'POST',
      headers: { ...auth(dToken), 'content-type': 'application/json' },
      body: JSON.stringify({ module: 'staff', fault: 'throw', times: 1 }),
    });
    const pageRes = await fetch(`${d.url}/patients/${created.id}`, { headers: { cookie: session.cookie } });
    expect(pageRes.status).toBe(200);
    const html = await pageRes.text();
    expect(html).toContain('Andi Arif');
    expect(html).toMatch(/staff #\d+/);
    expect(html).toContain('name unavailable');
  });
});
