// Logging in the way staff do (the login form, for the HTML pages they read all
// day; a bearer token for the JSON API), and finding real ids in the running
// clinic to read: patients from the search, today's encounters from the queue.

/** The demo clinic's staff (src/demo/clinic-day.ts DEMO_USERS, README "Demo logins"). */
export const DEMO_LOGINS = { frontDesk: 'pendaftaran', nurse: 'perawat', doctor: 'dokter', cashier: 'kasir' };
export const DEMO_PASSWORD = 'bilik-demo-2026';

function mergeCookies(jar, res) {
  const map = new Map(jar ? jar.split('; ').map((c) => [c.split('=')[0], c]) : []);
  for (const raw of res.headers.getSetCookie()) {
    const pair = raw.split(';')[0];
    map.set(pair.split('=')[0], pair);
  }
  return [...map.values()].join('; ');
}

/** A session cookie for the pages, through the login form (CSRF token included). */
export async function loginForm(url, username, password) {
  const page = await fetch(`${url}/login`, { redirect: 'manual' });
  let cookie = mergeCookies('', page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ username, password, _csrf: csrf, next: '/' }).toString(),
  });
  if (res.status !== 303) throw new Error(`form login as ${username}: HTTP ${res.status}`);
  cookie = mergeCookies(cookie, res);
  return cookie;
}

/** A bearer token for the JSON API. */
export async function loginToken(url, username, password) {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`token login as ${username}: HTTP ${res.status}`);
  return (await res.json()).token;
}

/**
 * One identity per staff role the scenarios act as: { cookie, token } each.
 * With `user` set, that one account stands in for every role (it must hold
 * the permissions the reads need); otherwise the demo logins.
 */
export async function staffSessions(url, { user, password } = {}) {
  const out = {};
  const cache = new Map();
  for (const [role, demoName] of Object.entries(DEMO_LOGINS)) {
    const name = user ?? demoName;
    const pw = user ? password : DEMO_PASSWORD;
    if (!cache.has(name)) cache.set(name, { username: name, cookie: await loginForm(url, name, pw), token: await loginToken(url, name, pw) });
    out[role] = cache.get(name);
  }
  return out;
}

async function getJson(url, path, token) {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json();
}

/** Patient ids and name prefixes to search for, and today's encounter ids. */
export async function discover(url, sessions) {
  const patients = [];
  for (let page = 1; page <= 3; page++) {
    const r = await getJson(url, `/api/v1/patients?q=&page=${page}`, sessions.frontDesk.token);
    patients.push(...r.items);
    if (!r.hasMore) break;
  }
  if (!patients.length) throw new Error('the clinic has no patients to read (start it with BILIK_DEMO=1, or register some)');
  const queue = await getJson(url, '/api/v1/appointments/queue', sessions.frontDesk.token);
  const encounterIds = queue.entries.map((e) => e.encounterId).filter((id) => id != null);
  // Name prefixes the way a front desk types them: the first 3-5 letters of a given name.
  const names = [...new Set(patients.map((p) => p.fullName.split(' ')[0].slice(0, 3 + (p.id % 3)).toLowerCase()))];
  return { patientIds: patients.map((p) => p.id), encounterIds, names, queueEntries: queue.entries.length };
}
