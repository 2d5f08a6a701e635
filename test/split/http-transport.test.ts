// HttpTransport from the gateway's side, against a stand-in for the patients
// service that this test controls: what goes over the wire (signed user,
// deadline, no cookies or tokens), and how each way a remote can fail maps to
// the outcomes a local pool gives: a hung service → MODULE_TIMEOUT at the
// deadline, a refused connection → MODULE_UNAVAILABLE at once, a service that
// refuses our signature → MODULE_UNAVAILABLE (and an error log), its own
// shedding passed through; the breaker opens, and closes again as soon as the
// probe hears the service.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRequest } from '../../src/kernel/runtime/internal-auth.js';
import { ADMIN_PASSWORD, startBilik, type Bilik } from '../support/server.js';
import { INTERNAL_SECRET, readyModules, waitFor } from '../support/split.js';

type Mode = 'ok' | 'hang' | 'unauthorized' | 'overloaded';
let mode: Mode = 'ok';
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string; verified: ReturnType<typeof verifyRequest> }> = [];
let fake: http.Server;
let fakePort: number;
let gw: Bilik;
let token: string;

const OUTCOME = { ok: true, http: { status: 200, contentType: 'application/json', body: '{"items":[],"from":"fake"}' }, metrics: { durationMs: 1, db: [{ op: 'select', ms: 1 }] } };

function listen(port = 0): Promise<number> {
  fake = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const verified = verifyRequest(INTERNAL_SECRET, { method: req.method!, path: req.url!, body, header: (n) => req.headers[n] as string | undefined });
      seen.push({ path: req.url!, headers: req.headers, body, verified });
      if (mode === 'hang') return; // never answers
      if (mode === 'unauthorized') return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED","status":401}}');
      if (req.url!.endsWith('/status')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":{"state":"up","workers":2}}');
      if (mode === 'overloaded') {
        return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'MODULE_OVERLOADED', status: 503, message: 'error.MODULE_OVERLOADED', retryAfterSec: 1 } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(OUTCOME));
    });
  });
  return new Promise((resolve) => fake.listen(port, '127.0.0.1', () => resolve((fake.address() as AddressInfo).port)));
}

function closeFake(): Promise<void> {
  fake.closeAllConnections();
  return new Promise((resolve) => fake.close(() => resolve()));
}

const patients = () => fetch(`${gw.url}/api/v1/patients?q=x`, { headers: { authorization: `Bearer ${token}` } });
const timed = async () => {
  const t0 = performance.now();
  const res = await patients();
  return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code, ms: performance.now() - t0 };
};

beforeAll(async () => {
  fakePort = await listen();
  // A monolith with one module out: the strangler fig's first step.
  gw = await startBilik({
    env: {
      REMOTE_PATIENTS_URL: `http://127.0.0.1:${fakePort}`,
      BILIK_INTERNAL_SECRET: INTERNAL_SECRET,
      BILIK_PATIENTS_TIMEOUT_MS: '600',
      BILIK_PATIENTS_BREAKER_MIN_CALLS: '4',
      BILIK_PATIENTS_BREAKER_WINDOW: '4',
      BILIK_PATIENTS_BREAKER_OPEN_MS: '20000',
    },
  });
  token = await gw.loginApi('admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await gw?.stop();
  await closeFake().catch(() => {});
});

describe('HttpTransport on the wire', () => {
  it('sends a signed task with the deadline and the user, never a cookie or a token, and returns what the service rendered', async () => {
    const res = await patients();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], from: 'fake' });
    const sent = seen.filter((s) => s.path === '/_internal/v1/patients/task').at(-1)!;
    expect(sent.verified).toMatchObject({ ok: true, user: { username: 'admin', roles: ['admin'] } });
    const deadline = Number(sent.headers['x-bilik-deadline']);
    expect(deadline).toBeGreaterThan(Date.now() - 2000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600);
    expect(sent.headers.cookie).toBeUndefined();
    expect(sent.headers.authorization).toBeUndefined();
    const task = JSON.parse(sent.body);
    expect(task).toMatchObject({ type: 'route', handler: 'searchPatients' });
    expect(task.user).toBeUndefined();
    expect(task.input.token).toBeUndefined();
    // A browser session: the cookie stays at the gateway too.
    const s = await gw.loginBrowser('admin', ADMIN_PASSWORD);
    await fetch(`${gw.url}/api/v1/patients?q=y`, { headers: { cookie: s.cookie } });
    await fetch(`${gw.url}/patients/_panel/recent`, { headers: { cookie: s.cookie, 'HX-Request': 'true' } });
    const browserTask = seen.filter((x) => x.path === '/_internal/v1/patients/task').at(-1)!;
    expect(browserTask.headers.cookie).toBeUndefined();
    expect(JSON.parse(browserTask.body).input.sessionId).toBeUndefined();
    expect((await readyModules(gw.url)).patients).toMatchObject({ state: 'up', transport: 'http', workers: 2 });
  });

  it('passes the service\'s own shedding through as MODULE_OVERLOADED', async () => {
    mode = 'overloaded';
    const r = await timed();
    mode = 'ok';
    expect(r).toMatchObject({ status: 503, code: 'MODULE_OVERLOADED' });
  });

  it('a service that refuses the signature is unavailable, and the gateway says why in its log', async () => {
    mode = 'unauthorized';
    const r = await timed();
    mode = 'ok';
    expect(r).toMatchObject({ status: 503, code: 'MODULE_UNAVAILABLE' });
    await waitFor('the error log', async () => gw.logs.some((l) => l.includes('remote module call failed') && l.includes('answered HTTP 401')), 5000);
  });

  it('a hung service times out at the deadline; a dead one fails at once; the breaker opens; /ready says down', async () => {
    mode = 'hang';
    const hung = await timed();
    expect(hung).toMatchObject({ status: 504, code: 'MODULE_TIMEOUT' });
    expect(hung.ms).toBeGreaterThan(500);
    expect(hung.ms).toBeLessThan(3000);
    mode = 'ok';
    await closeFake();
    const refused = await timed();
    // 503 unavailable, not 504: a refused connection fails at once instead of waiting out the deadline.
    expect(refused).toMatchObject({ status: 503, code: 'MODULE_UNAVAILABLE' });
    await timed();
    await timed();
    const ready = await waitFor('patients down', async () => {
      const r = await readyModules(gw.url);
      return r.patients!.state === 'down' ? r : null;
    });
    expect(ready.patients!.breaker).toBe('open');
    expect(ready.staff!.state).toBe('up');
    // Staff (local) never noticed.
    expect((await fetch(`${gw.url}/api/v1/staff/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('the service answers again: the probe lets the breaker try at once instead of its 20 s wait', async () => {
    // The health probe notices the service is gone (every 2 s)...
    await waitFor('the probe to see the service gone', async () => gw.logs.some((l) => l.includes('remote module unreachable')), 6000);
    expect((await readyModules(gw.url)).patients!.breaker).toBe('open');
    // ...and that it is back, on the same port.
    await listen(fakePort);
    const t0 = Date.now();
    await waitFor('patients served again', async () => (await patients()).status === 200, 10_000, 50);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(gw.logs.some((l) => l.includes('module reachable again'))).toBe(true);
  });
});
