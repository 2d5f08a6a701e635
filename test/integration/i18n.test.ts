// The clinic in Bahasa Indonesia (default) and English, end to end against the
// built app on both backends: every page and fragment route of every module,
// error pages and form errors render in the caller's language with no missing
// key (⟦…⟧), no raw key and no leftover text of the other language; the
// language comes from the saved preference > the switch's cookie >
// Accept-Language > BILIK_LOCALE; API errors keep their stable code while the
// message and field messages follow the caller's language.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, mergeCatalogs, type Locale } from '../../src/kernel/i18n/catalog.js';
import { kernelMessages } from '../../src/kernel/i18n/messages.js';
import { modules } from '../../src/modules/index.js';
import { ADMIN_PASSWORD, createStaff, csrfFrom, mergeCookies, startBilik, type Bilik } from '../support/server.js';

const ACCEPT: Record<Locale, string> = { id: 'id-ID,id;q=0.9,en;q=0.8', en: 'en-US,en;q=0.9' };
const OTHER: Record<Locale, Locale> = { id: 'en', en: 'id' };
const PASSWORD = 'Kuat-sandi-2026-uji';
const CATALOG = mergeCatalogs(kernelMessages, ...modules.map((m) => m.messages));

let b: Bilik;
let token: string;

beforeAll(async () => {
  b = await startBilik({ env: { BILIK_LOCALE: 'id', BILIK_DEMO: '1' } });
  token = await b.loginApi('admin', ADMIN_PASSWORD);
}, 120_000);
afterAll(async () => {
  await b?.stop();
});

// ---- what to fetch ----------------------------------------------------------------

interface Target {
  path: string;
  kind: 'page' | 'fragment';
  status: number;
}

/** Every GET page and fragment route of every manifest (:id = 1, a demo patient), the dashboard, searches, an error page. */
function targets(): Target[] {
  const out: Target[] = [{ path: '/', kind: 'page', status: 200 }];
  for (const m of modules) {
    for (const r of m.routes) {
      if (r.method !== 'GET' || (r.kind !== 'page' && r.kind !== 'fragment')) continue;
      if (r.path === '/login') continue; // anonymous only (a session is redirected away): fetched separately
      const path = r.path.replace(/:id\b/g, '1');
      if (path.includes(':')) throw new Error(`route ${r.path}: teach this suite a value for its parameter`);
      out.push({ path, kind: r.kind, status: 200 });
    }
  }
  out.push(
    { path: '/patients?q=siti', kind: 'page', status: 200 },
    { path: '/patients?page=2', kind: 'page', status: 200 },
    { path: '/patients/_search?q=ami', kind: 'fragment', status: 200 },
    { path: '/patients/_search?q=zzzqqq', kind: 'fragment', status: 200 },
    { path: '/patients/999999', kind: 'page', status: 404 },
    { path: '/patients/999999/edit', kind: 'page', status: 404 },
  );
  return out;
}

// ---- inspecting a response ------------------------------------------------------------

const ENGLISH_WORDS =
  /\b(Patients?|Search|Register(?:ed)?|Edit|Back|Save|Cancel|Username|Password|Roles?|Payer|Birth date|Phone|Address|Results?|Previous|Next|Open|Active|Deactivated?|Staff|Female|Male|years|required|not recorded|Choose|Welcome|Loading|Name|Sex|Insurer|Policy|Identity|Contact|Record|Recently|Log in|Log out|Dashboard|Not found|Your account|Page|Some fields|Please|Wrong|Initial)\b/;
const INDONESIAN_WORDS =
  /\b(Pasien|Cari|Daftar(?:kan)?|Simpan|Batal|Nama|Alamat|Keluar|Beranda|Laki-laki|Perempuan|tahun|Wajib|Ubah|Kembali|Halaman|Berikutnya|Sebelumnya|Peran|Akun|Masuk|Memuat|Selamat|belum|tidak|Tidak|Kata sandi|Pengguna|Penjamin|Tanggal lahir|Telepon|Hasil)\b/;
const KEY_PREFIXES = ['app', 'layout', 'lang', 'nav', 'dashboard', 'degraded', 'errorpage', 'error', 'validation', ...modules.map((m) => m.name)];
const RAW_KEY = new RegExp(`\\b(?:${KEY_PREFIXES.join('|')})\\.[A-Za-z_][\\w]*(?:\\.[\\w]+)*`);

function decode(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What a person reads: <title>, the nav and <main> of a page (a fragment whole), without tags; plus aria-labels and titles. */
function visibleText(html: string, kind: 'page' | 'fragment'): string {
  let parts: string[];
  if (kind === 'page') {
    parts = [/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '', /<nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '', /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? ''];
  } else {
    parts = [html];
  }
  const text = parts.join('\n');
  const labels = [...text.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  return decode(
    [text.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' '), ...labels].join(' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

interface Fetched {
  status: number;
  html: string;
  text: string;
}

/** Checks one response in one expected language; returns the problems found (empty = fine). */
function inspect(label: string, got: Fetched, want: { status: number; kind: 'page' | 'fragment'; lang: Locale }): string[] {
  const problems: string[] = [];
  if (got.status !== want.status) problems.push(`${label}: HTTP ${got.status}, expected ${want.status}`);
  const marker = got.html.indexOf('⟦');
  if (marker >= 0) problems.push(`${label}: missing key ${got.html.slice(marker, got.html.indexOf('⟧', marker) + 1)}`);
  if (want.kind === 'page') {
    const lang = /<html lang="([^"]*)">/.exec(got.html)?.[1];
    if (lang !== want.lang) problems.push(`${label}: <html lang="${lang}">, expected "${want.lang}"`);
  } else if (/<html/i.test(got.html)) {
    problems.push(`${label}: a fragment came back as a whole page`);
  }
  const raw = RAW_KEY.exec(got.text);
  if (raw) problems.push(`${label}: raw key "${raw[0]}" shown`);
  const leftover = (want.lang === 'id' ? ENGLISH_WORDS : INDONESIAN_WORDS).exec(got.text);
  if (leftover) {
    const at = leftover.index;
    problems.push(`${label}: ${want.lang === 'id' ? 'English' : 'Indonesian'} "${leftover[0]}" in …${got.text.slice(Math.max(0, at - 40), at + 40)}…`);
  }
  return problems;
}

async function fetchAs(path: string, opts: { cookie?: string; accept?: string; kind?: 'page' | 'fragment'; method?: string; body?: Record<string, string> } = {}): Promise<Fetched> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.accept) headers['accept-language'] = opts.accept;
  if (opts.kind === 'fragment') headers['hx-request'] = 'true';
  if (opts.body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(`${b.url}${path}`, {
    method: opts.method ?? 'GET',
    redirect: 'manual',
    headers,
    ...(opts.body && { body: new URLSearchParams(opts.body).toString() }),
  });
  const html = await res.text();
  return { status: res.status, html, text: visibleText(html, opts.kind ?? 'page') };
}

// ---- sessions and the switch ---------------------------------------------------------------

interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in through the form, starting from an existing cookie jar (e.g. one holding bilik_lang). */
async function formLogin(username: string, password: string, jar = '', accept?: string): Promise<Session> {
  const headers = (cookie: string): Record<string, string> => ({ cookie, ...(accept && { 'accept-language': accept }) });
  const page = await fetch(`${b.url}/login`, { redirect: 'manual', headers: headers(jar) });
  expect(page.status).toBe(200);
  jar = mergeCookies(jar, page);
  const anon = csrfFrom(await page.text());
  const res = await fetch(`${b.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: anon, next: '/' }).toString(),
  });
  expect(res.status, `login ${username}`).toBe(303);
  jar = mergeCookies(jar, res);
  const dash = await fetch(`${b.url}/`, { headers: headers(jar) });
  expect(dash.status).toBe(200);
  return { cookie: jar, csrf: csrfFrom(await dash.text()) };
}

/** POST /_lang as a form would; returns the cookie jar with the language cookie set. */
async function switchLanguage(jar: string, csrf: string, locale: Locale, next = '/'): Promise<string> {
  const res = await fetch(`${b.url}/_lang`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ locale, next, _csrf: csrf }).toString(),
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(next);
  const out = mergeCookies(jar, res);
  expect(out).toContain(`bilik_lang=${locale}`);
  return out;
}

function withoutLangCookie(jar: string): string {
  return jar
    .split('; ')
    .filter((c) => !c.startsWith('bilik_lang='))
    .join('; ');
}

const htmlLang = (html: string) => /<html lang="([^"]*)">/.exec(html)?.[1];

// ---- the walk ---------------------------------------------------------------------------------

/**
 * Fetches every target in one language and checks it; also returns what was
 * read per path so the two languages can be compared (a page that reads the same
 * in both was not translated).
 */
async function walk(label: string, lang: Locale, session: Session, accept: string | undefined): Promise<{ problems: string[]; texts: Map<string, string> }> {
  const problems: string[] = [];
  const texts = new Map<string, string>();
  for (const t of targets()) {
    const got = await fetchAs(t.path, { cookie: session.cookie, ...(accept && { accept }), kind: t.kind });
    problems.push(...inspect(`[${label} ${lang}] GET ${t.path}`, got, { status: t.status, kind: t.kind, lang }));
    texts.set(t.path, got.text);
  }
  return { problems, texts };
}

function sameInBothLanguages(id: Map<string, string>, en: Map<string, string>): string[] {
  return [...id.keys()].filter((p) => id.get(p) === en.get(p)).map((p) => `GET ${p}: reads the same in Indonesian and English: ${id.get(p)!.slice(0, 120)}`);
}

describe('catalog sizes', () => {
  it('prints keys per language (kernel, modules, merged)', () => {
    const rows = [{ owner: 'kernel', c: kernelMessages }, ...modules.map((m) => ({ owner: m.name, c: m.messages })), { owner: 'merged', c: CATALOG }];
    const lines = rows.map((r) => `${r.owner.padEnd(8)} ${LOCALES.map((l) => `${l}=${Object.keys(r.c[l]).length}`).join(' ')}`);
    console.log(`i18n catalog sizes (keys per language):\n${lines.join('\n')}`);
    for (const r of rows) expect(Object.keys(r.c.id).length).toBe(Object.keys(r.c.en).length);
  });
});

describe('default language', () => {
  it('is Indonesian with no Accept-Language at all (BILIK_LOCALE=id)', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // node:http, not fetch: fetch always sends "accept-language: *".
      const req = http.get(`${b.url}/login`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
    expect(htmlLang(body)).toBe('id');
    expect(body).not.toContain('⟦');
    expect(body).toContain(kernelMessages.id['layout.skip']!);
  });

  it('is Indonesian for a browser language Bilik does not speak, or "*"', async () => {
    for (const accept of ['fr-FR,fr;q=0.9', '*', 'de']) {
      expect(htmlLang((await fetchAs('/login', { accept })).html), accept).toBe('id');
    }
  });

  it('follows Accept-Language when it names a language Bilik speaks', async () => {
    expect(htmlLang((await fetchAs('/login', { accept: ACCEPT.en })).html)).toBe('en');
    expect(htmlLang((await fetchAs('/login', { accept: 'in' })).html)).toBe('id');
  });
});

describe('every page and fragment, in both languages', () => {
  it('via Accept-Language: right status, <html lang>, no ⟦key⟧, no raw key, no text of the other language', async () => {
    const admin = await formLogin('admin', ADMIN_PASSWORD);
    const id = await walk('Accept-Language', 'id', admin, ACCEPT.id);
    const en = await walk('Accept-Language', 'en', admin, ACCEPT.en);
    const problems = [...id.problems, ...en.problems, ...sameInBothLanguages(id.texts, en.texts)];
    expect(id.texts.size).toBeGreaterThanOrEqual(10);
    // The anonymous login page too.
    for (const lang of LOCALES) problems.push(...inspect(`[Accept-Language ${lang}] GET /login`, await fetchAs('/login', { accept: ACCEPT[lang] }), { status: 200, kind: 'page', lang }));
    expect(problems.join('\n')).toBe('');
  });

  it('via the /_lang switch: its cookie wins over Accept-Language (anonymous, then after login)', async () => {
    const admin = await createStaff(b.url, token, { username: 'cookie.admin', password: PASSWORD, roles: ['admin'], fullName: 'Rina Wulandari' });
    expect(admin.roles).toEqual(['admin']);
    const problems: string[] = [];
    const texts: Partial<Record<Locale, Map<string, string>>> = {};
    for (const lang of LOCALES) {
      // Anonymous: the switch on the login page sets the cookie; the browser keeps asking for the other language.
      let jar = '';
      const login = await fetch(`${b.url}/login`, { redirect: 'manual', headers: { 'accept-language': ACCEPT[OTHER[lang]] } });
      jar = mergeCookies(jar, login);
      jar = await switchLanguage(jar, csrfFrom(await login.text()), lang, '/login');
      problems.push(...inspect(`[cookie ${lang}] GET /login`, await fetchAs('/login', { cookie: jar, accept: ACCEPT[OTHER[lang]] }), { status: 200, kind: 'page', lang }));
      // Logged in (no saved preference): the cookie still decides.
      const session = await formLogin('cookie.admin', PASSWORD, jar, ACCEPT[OTHER[lang]]);
      const w = await walk('cookie', lang, session, ACCEPT[OTHER[lang]]);
      problems.push(...w.problems);
      texts[lang] = w.texts;
    }
    problems.push(...sameInBothLanguages(texts.id!, texts.en!));
    expect(problems.join('\n')).toBe('');
  });

  it('refuses an unknown language in the switch (422), in the current language', async () => {
    const login = await fetch(`${b.url}/login`, { redirect: 'manual', headers: { 'accept-language': ACCEPT.en } });
    const jar = mergeCookies('', login);
    const res = await fetch(`${b.url}/_lang`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': ACCEPT.en },
      body: new URLSearchParams({ locale: 'fr', next: '/', _csrf: csrfFrom(await login.text()) }).toString(),
    });
    expect(res.status).toBe(422);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('bilik_lang='))).toBe(false);
    const html = await res.text();
    expect(htmlLang(html)).toBe('en');
    expect(html).toContain(kernelMessages.en['error.VALIDATION_FAILED']!);
  });

  it('renders forbidden pages (403) in the caller\'s language', async () => {
    await createStaff(b.url, token, { username: 'dokter.uji', password: PASSWORD, roles: ['doctor'], fullName: 'dr. Hendra Gunawan' });
    const doctor = await formLogin('dokter.uji', PASSWORD);
    const problems: string[] = [];
    const seen: Partial<Record<Locale, string>> = {};
    for (const lang of LOCALES) {
      for (const path of ['/staff', '/patients/new']) {
        const got = await fetchAs(path, { cookie: doctor.cookie, accept: ACCEPT[lang] });
        problems.push(...inspect(`[403 ${lang}] GET ${path}`, got, { status: 403, kind: 'page', lang }));
        if (path === '/staff') seen[lang] = got.text;
      }
    }
    expect(seen.id).toContain(kernelMessages.id['error.FORBIDDEN']);
    expect(seen.en).toContain(kernelMessages.en['error.FORBIDDEN']);
    expect(problems.join('\n')).toBe('');
  });
});

describe('forms with errors, in both languages', () => {
  it('re-render the patient form, the login form and the staff form in the caller\'s language', async () => {
    const admin = await formLogin('admin', ADMIN_PASSWORD);
    const problems: string[] = [];
    const texts: Record<string, Partial<Record<Locale, string>>> = {};
    for (const lang of LOCALES) {
      const cases: Array<{ label: string; path: string; body: Record<string, string>; status: number; kind: 'page' | 'fragment'; cookie?: string }> = [
        { label: 'register patient (htmx)', path: '/patients', body: { _csrf: admin.csrf, nik: '123', fullName: '', sex: '', birthDate: '', payer: 'bpjs', bpjsNumber: '12' }, status: 422, kind: 'fragment' },
        { label: 'register patient (no JS)', path: '/patients', body: { _csrf: admin.csrf, nik: '', fullName: 'Sri', sex: 'X', birthDate: '2999-01-01', payer: 'general' }, status: 422, kind: 'page' },
        { label: 'edit patient', path: '/patients/1', body: { _csrf: admin.csrf, nik: '1', fullName: '', sex: 'F', birthDate: '1948-03-17', payer: 'insurance' }, status: 422, kind: 'fragment' },
        { label: 'add staff', path: '/staff/users', body: { _csrf: admin.csrf, username: '', fullName: '', password: 'x' }, status: 422, kind: 'fragment' },
      ];
      for (const c of cases) {
        const got = await fetchAs(c.path, { cookie: admin.cookie, accept: ACCEPT[lang], method: 'POST', body: c.body, kind: c.kind });
        problems.push(...inspect(`[${lang}] POST ${c.path} ${c.label}`, got, { status: c.status, kind: c.kind, lang }));
        if (!/field-error|alert/.test(got.html)) problems.push(`[${lang}] POST ${c.path} ${c.label}: no inline error shown`);
        (texts[c.label] ??= {})[lang] = got.text;
      }
      // Wrong password, anonymous, full page.
      const login = await fetch(`${b.url}/login`, { redirect: 'manual', headers: { 'accept-language': ACCEPT[lang] } });
      const jar = mergeCookies('', login);
      const got = await fetchAs('/login', { cookie: jar, accept: ACCEPT[lang], method: 'POST', body: { _csrf: csrfFrom(await login.text()), username: 'admin', password: 'salah-sekali', next: '/' } });
      problems.push(...inspect(`[${lang}] POST /login wrong password`, got, { status: 401, kind: 'page', lang }));
      (texts['wrong password'] ??= {})[lang] = got.text;
    }
    for (const [label, t] of Object.entries(texts)) if (t.id === t.en) problems.push(`${label}: reads the same in both languages`);
    expect(problems.join('\n')).toBe('');
  });
});

describe('saved language preference', () => {
  it('wins over Accept-Language on the next request, and survives a new login', async () => {
    await createStaff(b.url, token, { username: 'lina', password: PASSWORD, roles: ['front_desk'], fullName: 'Lina Marlina' });
    let s = await formLogin('lina', PASSWORD);
    // No preference yet: the browser decides.
    expect(htmlLang((await fetchAs('/patients', { cookie: s.cookie, accept: ACCEPT.en })).html)).toBe('en');

    // Switch to Indonesian while the browser asks for English.
    await switchLanguage(s.cookie, s.csrf, 'id', '/patients');
    // The very next request, without the language cookie: the saved preference alone decides.
    const next = await fetchAs('/patients', { cookie: withoutLangCookie(s.cookie), accept: ACCEPT.en });
    expect(next.status).toBe(200);
    expect(htmlLang(next.html)).toBe('id');
    expect(next.html).not.toContain('⟦');

    // Log out and in again from a fresh browser (no cookies at all) asking for English.
    const out = await fetch(`${b.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: s.csrf }).toString() });
    expect(out.status).toBe(303);
    s = await formLogin('lina', PASSWORD, '', ACCEPT.en);
    expect(s.cookie).not.toContain('bilik_lang=');
    for (const path of ['/', '/patients', '/patients/1']) {
      const got = await fetchAs(path, { cookie: s.cookie, accept: ACCEPT.en });
      expect(got.status, path).toBe(200);
      expect(htmlLang(got.html), path).toBe('id');
    }
    // And a language cookie saying otherwise does not override the saved preference either.
    expect(htmlLang((await fetchAs('/', { cookie: `${s.cookie}; bilik_lang=en`, accept: ACCEPT.en })).html)).toBe('id');

    // Switching again changes the preference at once.
    await switchLanguage(s.cookie, s.csrf, 'en', '/');
    expect(htmlLang((await fetchAs('/', { cookie: withoutLangCookie(s.cookie), accept: ACCEPT.id })).html)).toBe('en');
  });
});

describe('API errors', () => {
  async function api(method: string, path: string, accept: string, body?: unknown, bearer: string | null = token) {
    const res = await fetch(`${b.url}${path}`, {
      method,
      headers: { 'accept-language': accept, ...(bearer && { authorization: `Bearer ${bearer}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string>; requestId: string } } };
  }

  it('keep the stable code; message and field messages follow Accept-Language (POST /api/v1/patients {} → 422)', async () => {
    const id = await api('POST', '/api/v1/patients', ACCEPT.id, {});
    const en = await api('POST', '/api/v1/patients', ACCEPT.en, {});
    expect([id.status, en.status]).toEqual([422, 422]);
    expect(id.body.error.code).toBe('VALIDATION_FAILED');
    expect(en.body.error.code).toBe('VALIDATION_FAILED');
    expect(id.body.error.message).toBe(kernelMessages.id['error.VALIDATION_FAILED']);
    expect(en.body.error.message).toBe(kernelMessages.en['error.VALIDATION_FAILED']);
    const idFields = id.body.error.fields ?? {};
    const enFields = en.body.error.fields ?? {};
    expect(Object.keys(idFields).sort()).toEqual(Object.keys(enFields).sort());
    expect(Object.keys(idFields)).toEqual(expect.arrayContaining(['nik', 'fullName', 'sex', 'birthDate']));
    const problems: string[] = [];
    for (const [field, msg] of Object.entries(idFields)) {
      const other = enFields[field]!;
      if (msg === other) problems.push(`fields.${field} is the same in both languages: "${msg}"`);
      for (const [lang, text] of [['id', msg], ['en', other]] as const) {
        if (text.includes('⟦')) problems.push(`fields.${field} (${lang}) has a missing key: ${text}`);
        if (RAW_KEY.test(text)) problems.push(`fields.${field} (${lang}) is a raw key: ${text}`);
        if ((lang === 'id' ? ENGLISH_WORDS : INDONESIAN_WORDS).test(text)) problems.push(`fields.${field} (${lang}) reads like the other language: ${text}`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('translate module error codes (404 PATIENT_NOT_FOUND) and kernel ones (401 UNAUTHENTICATED)', async () => {
    for (const lang of LOCALES) {
      const nf = await api('GET', '/api/v1/patients/999999', ACCEPT[lang]);
      expect(nf.status).toBe(404);
      expect(nf.body.error.code).toBe('PATIENT_NOT_FOUND');
      expect(CATALOG[lang]['error.PATIENT_NOT_FOUND'], `error.PATIENT_NOT_FOUND in the ${lang} catalog`).toBeDefined();
      expect(nf.body.error.message).toBe(CATALOG[lang]['error.PATIENT_NOT_FOUND']);
      const anon = await api('GET', '/api/v1/patients', ACCEPT[lang], undefined, null);
      expect(anon.status).toBe(401);
      expect(anon.body.error.code).toBe('UNAUTHENTICATED');
      expect(anon.body.error.message).toBe(kernelMessages[lang]['error.UNAUTHENTICATED']);
    }
  });

  it('answer an unreadable body (400 BAD_REQUEST, before any module runs) in the caller\'s language', async () => {
    for (const lang of LOCALES) {
      const res = await fetch(`${b.url}/api/v1/patients`, {
        method: 'POST',
        headers: { 'accept-language': ACCEPT[lang], authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"nik": ',
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toBe(kernelMessages[lang]['error.BAD_REQUEST']);
    }
  });

  it('default to the clinic language without Accept-Language', async () => {
    const res = await api('POST', '/api/v1/patients', '*', {});
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toBe(kernelMessages.id['error.VALIDATION_FAILED']);
  });
});
