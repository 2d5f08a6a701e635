// The clinic in Bahasa Indonesia (default) and English, end to end against the
// built app on both backends: every page and fragment route of every module,
// each fetched as a user whose role grants the route's permission (public ones
// anonymously), plus the clinical roles' own views of the demo clinic day;
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

// The staff module's demo accounts (BILIK_DEMO=1), one per clinical role.
const DEMO_PASSWORD = 'bilik-demo-2026';
const CLINICAL = ['doctor', 'nurse', 'front_desk', 'cashier'] as const;
type Clinical = (typeof CLINICAL)[number];
const DEMO_LOGIN: Record<Clinical, string> = { doctor: 'dokter', nurse: 'perawat', front_desk: 'pendaftaran', cashier: 'kasir' };
/** Who fetches a target: the admin, a clinical role's demo account, or nobody (public routes). */
type Who = 'admin' | Clinical | 'anonymous';
/** Which roles each permission is granted to, from the manifests. */
const GRANTED: Record<string, readonly string[]> = Object.assign({}, ...modules.map((m) => m.permissions));

let b: Bilik;
let token: string;
/** Ids in today's demo clinic, found through the API once it is made. */
const demo = { inProgress: 0, needsVitals: 0, vitalsDone: 0, unpaid: 0, partial: 0, paid: 0 };

async function apiAs(username: string, password: string, path: string): Promise<any> {
  const t = await b.loginApi(username, password);
  const res = await fetch(`${b.url}${path}`, { headers: { authorization: `Bearer ${t}` } });
  if (res.status !== 200) throw new Error(`GET ${path} as ${username}: HTTP ${res.status}`);
  return res.json();
}

beforeAll(async () => {
  b = await startBilik({ env: { BILIK_LOCALE: 'id', BILIK_DEMO: '1' } });
  token = await b.loginApi('admin', ADMIN_PASSWORD);
  // Today's demo visits are made through the API right after the start.
  const deadline = Date.now() + 100_000;
  while (!b.logs.some((l) => l.includes("today's clinic is ready"))) {
    const failed = b.logs.find((l) => l.includes('demo day could not be made'));
    if (failed) throw new Error(`the demo clinic day failed: ${failed}`);
    if (Date.now() > deadline) throw new Error(`the demo clinic day was not ready in time:\n${b.logs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // dr. Ratna's patient in consultation, and patients before and after vitals.
  const doctorId = (await apiAs(DEMO_LOGIN.doctor, DEMO_PASSWORD, '/api/v1/staff/me')).id as number;
  const triage = (await apiAs(DEMO_LOGIN.nurse, DEMO_PASSWORD, '/api/v1/records/triage')).items as Array<{ encounterId: number; status: string; waitingForVitals: boolean }>;
  for (const e of triage.filter((x) => x.status === 'in-progress')) {
    if ((await apiAs(DEMO_LOGIN.doctor, DEMO_PASSWORD, `/api/v1/records/encounters/${e.encounterId}`)).doctorId === doctorId) demo.inProgress ||= e.encounterId;
  }
  demo.needsVitals = triage.find((x) => x.status === 'arrived' && x.waitingForVitals)?.encounterId ?? 0;
  demo.vitalsDone = triage.find((x) => x.status === 'arrived' && !x.waitingForVitals)?.encounterId ?? 0;
  const invoices = (await apiAs(DEMO_LOGIN.cashier, DEMO_PASSWORD, '/api/v1/billing/invoices')).items as Array<{ id: number; status: string; balance: number }>;
  demo.unpaid = invoices.find((i) => i.status === 'unpaid')?.id ?? 0;
  demo.partial = invoices.find((i) => i.status === 'partial')?.id ?? 0;
  demo.paid = invoices.find((i) => i.status === 'paid' && i.balance === 0)?.id ?? 0;
  for (const [k, v] of Object.entries(demo)) if (!v) throw new Error(`no demo ${k} found`);
}, 180_000);
afterAll(async () => {
  await b?.stop();
});

// ---- what to fetch ----------------------------------------------------------------

interface Target {
  path: string;
  kind: 'page' | 'fragment';
  status: number;
  as: Who;
}

/** The admin when admin holds the permission, else the first role granted it (manifest order); public routes anonymously. */
function whoFor(permission: string): Who {
  if (permission === 'public') return 'anonymous';
  if (permission === 'authenticated') return 'admin';
  const roles = GRANTED[permission];
  if (!roles) throw new Error(`permission ${permission} is granted by no manifest`);
  if (roles.includes('admin')) return 'admin';
  const role = roles.find((r): r is Clinical => (CLINICAL as readonly string[]).includes(r));
  if (!role) throw new Error(`permission ${permission}: no demo account holds it`);
  return role;
}

/** Route parameters: ids that exist in the demo (patient 1, encounter 1, invoice 1 all do). */
const PARAMS: Record<string, string> = { id: '1', patientId: '1', encounterId: '1', invoiceId: '1' };

/**
 * Every GET page and fragment route of every manifest, each as a user allowed
 * to see it; then each clinical role's own screens of the demo day (the views
 * differ by role: a doctor's encounter has the clinical forms, a nurse's only
 * triage), searches, and not-found pages.
 */
function targets(): Target[] {
  const out: Target[] = [{ path: '/', kind: 'page', status: 200, as: 'admin' }];
  for (const m of modules) {
    for (const r of m.routes) {
      if (r.method !== 'GET' || (r.kind !== 'page' && r.kind !== 'fragment')) continue;
      if (r.path === '/login') continue; // anonymous only (a session is redirected away): fetched separately
      const path = r.path.replace(/:(\w+)/g, (_, name: string) => {
        const v = PARAMS[name];
        if (!v) throw new Error(`route ${r.path}: teach this suite a value for :${name}`);
        return v;
      });
      out.push({ path, kind: r.kind, status: 200, as: whoFor(r.permission) });
    }
  }
  const page = (as: Who, path: string, status = 200): Target => ({ path, kind: 'page', status, as });
  const fragment = (as: Who, path: string, status = 200): Target => ({ path, kind: 'fragment', status, as });
  out.push(
    page('admin', '/patients?q=siti'),
    page('admin', '/patients?page=2'),
    fragment('admin', '/patients/_search?q=ami'),
    fragment('admin', '/patients/_search?q=zzzqqq'),
    page('admin', '/patients/999999', 404),
    page('admin', '/patients/999999/edit', 404),
    page('admin', '/audit?action=read'),
    // Front desk: the queue board with its buttons, bookings, the walk-in form.
    page('front_desk', '/?overview'),
    page('front_desk', '/appointments/queue'),
    fragment('front_desk', '/appointments/queue/_board'),
    page('front_desk', '/appointments/bookings'),
    page('front_desk', '/patients/1'),
    // Nurse: triage, an encounter before and after vitals, one with the doctor.
    page('nurse', '/?overview'),
    page('nurse', `/records/encounters/${demo.needsVitals}`),
    page('nurse', `/records/encounters/${demo.vitalsDone}`),
    page('nurse', `/records/encounters/${demo.inProgress}`),
    fragment('nurse', `/records/_encounters/${demo.needsVitals}`),
    page('nurse', '/appointments/queue'),
    page('nurse', '/records/encounters/999999', 404),
    // Doctor: my queue, the consultation in progress, a finished one, code look-ups.
    page('doctor', '/?overview'),
    page('doctor', '/appointments/my-queue'),
    fragment('doctor', '/appointments/my-queue/_board'),
    page('doctor', `/records/encounters/${demo.inProgress}`),
    fragment('doctor', `/records/_encounters/${demo.inProgress}`),
    page('doctor', '/records/encounters/1'),
    page('doctor', `/records/encounters/${demo.vitalsDone}`),
    page('doctor', '/records/triage'),
    page('doctor', '/patients/1'),
    fragment('doctor', '/records/_codes?system=icd10&q=demam'),
    fragment('doctor', '/records/_codes?system=icd9cm&q=luka'),
    fragment('doctor', '/records/_codes?system=drug&q=para'),
    fragment('doctor', '/records/_codes?system=drug&q=zzzqqq'),
    // Cashier: invoices in every state, a receipt, the day's report.
    page('cashier', '/?overview'),
    page('cashier', `/billing/invoices/${demo.unpaid}`),
    page('cashier', `/billing/invoices/${demo.partial}`),
    page('cashier', `/billing/invoices/${demo.paid}`),
    page('cashier', `/billing/invoices/${demo.paid}/receipt`),
    page('cashier', '/billing/invoices?status=unpaid'),
    page('cashier', '/billing/reports/daily'),
    fragment('cashier', '/billing/_panel/today'),
    page('cashier', '/billing/invoices/999999', 404),
  );
  return out;
}

// ---- inspecting a response ------------------------------------------------------------

// UI words of one language that must not show in the other. Clinical data of the
// demo (complaints, SOAP notes, tariff and poli names, rooms, the clinic's name,
// patients' and staff names) is Indonesian in both languages, so words that occur
// in it (Konsultasi, Poli, Ruang, Klinik, Tablet, Keluhan, Periksa…) are left out.
const ENGLISH_WORDS = new RegExp(
  `\\b(${[
    // the patients and staff screens
    'Patients?|Search|Register(?:ed)?|Edit|Back|Save|Cancel|Username|Password|Roles?|Payer|Birth date|Phone|Address|Results?|Previous|Next|Open|Active|Deactivated?|Staff',
    'Female|Male|years|required|not recorded|Choose|Welcome|Loading|Name|Sex|Insurer|Policy|Identity|Contact|Record|Recently|Log in|Log out|Dashboard|Not found|Your account|Page|Some fields|Please|Wrong|Initial',
    // the clinical screens: queue, triage and encounter, billing, audit
    'Queue|Walk-in|No-show|Bookings?|Booked|Schedules?|Doctors?|Nurse|Cashier|Waiting|Called|Now calling|Done|Room|Display|Today|Call|Start|Finish(?:ed)?|Clinic',
    'Triage|Vitals?|Vital signs|Chief complaint|Complaint|Allerg(?:y|ies)|Temperature|Pulse|Blood pressure|Weight|Height|Consciousness|Encounters?|Consultation|Visits?',
    'Subjective|Objective|Assessment|Prescriptions?|Procedures?|Dose|Frequency|Duration|Quantity|Instructions|Severity|Primary|Secondary',
    'Invoices?|Receipts?|Payments?|Paid|Unpaid|Partly paid|Balance|Amount|Cash|Card|Method|Price|Tariffs?|Daily report|Report|Print|Actions?|Date|Time',
    'Audit log|Who|When|What|Entity|Module',
  ].join('|')}|(?:${[
    // Raw values (statuses, roles, audited entities) shown instead of their label;
    // not tariff keys (procedure:23.09, drug:PCT500), which are identifiers.
    'invoice|encounter|booking|queue-entry|payment|prescription|procedure|allerg(?:y|ies)|vitals|visit-history|chief-complaint|soap',
    'arrived|in-progress|in-consultation|finished|waiting|called|no-show|cancelled|unpaid|partial|paid|cash|card|front_desk|cashier|nurse|doctor',
  ].join('|')})(?!:\\S))\\b`,
);
const INDONESIAN_WORDS = new RegExp(
  `\\b(${[
    'Pasien|Cari|Daftar(?:kan)?|Simpan|Batal|Nama|Alamat|Keluar|Beranda|Laki-laki|Perempuan|tahun|Wajib|Ubah|Kembali|Halaman|Berikutnya|Sebelumnya|Peran|Akun|Masuk|Memuat|Selamat|belum|tidak|Tidak|Kata sandi|Pengguna|Penjamin|Tanggal lahir|Telepon|Hasil',
    'Antrean|antrean|Janji temu|Jadwal|Dokter|Perawat|Kasir|Menunggu|Dipanggil|Selesai|Dibatalkan|Ruangan|Layar|Silakan|Hari ini|Panggil|Mulai|Hadir',
    'Triase|Tanda vital|tanda vital|Keluhan utama|Alergi|Suhu|Nadi|Tekanan darah|Berat badan|Tinggi badan|Kesadaran|Kunjungan|Pemeriksaan|Subjektif|Objektif|Asesmen|Rencana',
    'Resep|Tindakan|Dosis|Frekuensi|Lama|Jumlah|Aturan pakai|Keparahan|Utama|Sekunder',
    'Tagihan|Kuitansi|Pembayaran|Lunas|Sisa|Tunai|Kartu|Metode|Harga|Tarif|Laporan harian|Laporan|Cetak|Tanggal|Waktu|Jam|Kode',
    'Log audit|Catatan akses|Petugas|Aksi',
  ].join('|')})\\b`,
);
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
  // Every distinct leftover word (a few per page), so one run shows all there is to fix.
  const words = want.lang === 'id' ? ENGLISH_WORDS : INDONESIAN_WORDS;
  const seen = new Set<string>();
  for (const leftover of got.text.matchAll(new RegExp(words.source, 'g'))) {
    if (seen.has(leftover[0]) || seen.size >= 5) continue;
    seen.add(leftover[0]);
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
 * Fetches every target in one language, each as its user, and checks it; also
 * returns what was read per user and path so the two languages can be compared
 * (a page that reads the same in both was not translated).
 */
async function walk(label: string, lang: Locale, sessions: Record<Who, Session>, accept: string | undefined): Promise<{ problems: string[]; texts: Map<string, string> }> {
  const problems: string[] = [];
  const texts = new Map<string, string>();
  for (const t of targets()) {
    const got = await fetchAs(t.path, { cookie: sessions[t.as].cookie, ...(accept && { accept }), kind: t.kind });
    problems.push(...inspect(`[${label} ${lang}] ${t.as} GET ${t.path}`, got, { status: t.status, kind: t.kind, lang }));
    texts.set(`${t.as} ${t.path}`, got.text);
  }
  return { problems, texts };
}

/** Logs the admin (or another admin account) and every clinical demo account in through the form, from one cookie jar. */
async function loginAll(admin: { username: string; password: string }, jar = '', accept?: string): Promise<Record<Who, Session>> {
  const sessions = { anonymous: { cookie: jar, csrf: '' } } as Record<Who, Session>;
  sessions.admin = await formLogin(admin.username, admin.password, jar, accept);
  for (const role of CLINICAL) sessions[role] = await formLogin(DEMO_LOGIN[role], DEMO_PASSWORD, jar, accept);
  return sessions;
}

/** Drug look-ups list formulary labels only (Indonesian as printed on the package, in both languages): nothing to translate. */
const DATA_ONLY = /\/records\/_codes\?system=drug/;

function sameInBothLanguages(id: Map<string, string>, en: Map<string, string>): string[] {
  return [...id.keys()].filter((p) => !DATA_ONLY.test(p) && id.get(p) === en.get(p)).map((p) => `${p.replace(" ", " GET ")}: reads the same in Indonesian and English: ${id.get(p)!.slice(0, 120)}`);
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
    const sessions = await loginAll({ username: 'admin', password: ADMIN_PASSWORD });
    const id = await walk('Accept-Language', 'id', sessions, ACCEPT.id);
    const en = await walk('Accept-Language', 'en', sessions, ACCEPT.en);
    const problems = [...id.problems, ...en.problems, ...sameInBothLanguages(id.texts, en.texts)];
    const per = (w: Who) => [...id.texts.keys()].filter((k) => k.startsWith(`${w} `)).length;
    console.log(`i18n walk: ${id.texts.size} pages and fragments per language (${(['admin', ...CLINICAL, 'anonymous'] as Who[]).map((w) => `${w} ${per(w)}`).join(', ')})`);
    expect(id.texts.size).toBeGreaterThanOrEqual(60);
    for (const w of ['admin', ...CLINICAL, 'anonymous'] as Who[]) expect(per(w), w).toBeGreaterThan(0);
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
      // Logged in (no saved preference): the cookie still decides, for every role (public routes stay anonymous).
      const sessions = await loginAll({ username: 'cookie.admin', password: PASSWORD }, jar, ACCEPT[OTHER[lang]]);
      const w = await walk('cookie', lang, sessions, ACCEPT[OTHER[lang]]);
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
    // (A front desk user's "/" leads to the queue: the dashboard itself is /?overview.)
    for (const path of ['/?overview', '/appointments/queue', '/patients', '/patients/1']) {
      const got = await fetchAs(path, { cookie: s.cookie, accept: ACCEPT.en });
      expect(got.status, path).toBe(200);
      expect(htmlLang(got.html), path).toBe('id');
    }
    // And a language cookie saying otherwise does not override the saved preference either.
    expect(htmlLang((await fetchAs('/?overview', { cookie: `${s.cookie}; bilik_lang=en`, accept: ACCEPT.en })).html)).toBe('id');

    // Switching again changes the preference at once.
    await switchLanguage(s.cookie, s.csrf, 'en', '/');
    expect(htmlLang((await fetchAs('/?overview', { cookie: withoutLangCookie(s.cookie), accept: ACCEPT.id })).html)).toBe('en');
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
