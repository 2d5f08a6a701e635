// Load and probe helpers for the fault-isolation suite: timed requests with a
// client-side abort (a hung request is a failure, never a silent wait),
// concurrent loops per traffic class, /ready and /metrics readers, recovery
// polling and the summary artifact the lead reports from.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/server.js';

/** A request that has not answered by now is "hung": counted, and it fails the test. */
export const CLIENT_ABORT_MS = 10_000;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Sample {
  status: number; // 0 = no answer (client abort or network error)
  ms: number;
  code?: string; // error.code of a JSON error body
  retryAfter?: string | null;
  body?: string;
  clientError?: string; // 'timeout' | network error message
}

/** One request, timed, with the client-side abort. Never throws. */
export async function timed(url: string, init: RequestInit = {}, keepBody = false): Promise<Sample> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(CLIENT_ABORT_MS) });
    const text = await res.text();
    const ms = performance.now() - started;
    const s: Sample = { status: res.status, ms, retryAfter: res.headers.get('retry-after') };
    if (res.status >= 400) {
      try {
        s.code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        /* not JSON */
      }
    }
    if (keepBody || res.status >= 400) s.body = text.slice(0, 2000);
    return s;
  } catch (err) {
    const e = err as Error;
    const timeout = e?.name === 'TimeoutError' || e?.name === 'AbortError';
    return { status: 0, ms: performance.now() - started, clientError: timeout ? 'timeout' : `${e?.name}: ${e?.message}` };
  }
}

export interface ClassStats {
  total: number;
  ok: number;
  failed: number;
  maxMs: number;
  p50Ms: number;
  p99Ms: number;
  /** "status code" → count, for every answer that was not the expected success. */
  failures: Record<string, number>;
  clientTimeouts: number;
  /** A few full samples of unexpected answers, for the report. */
  examples: Sample[];
}

export class Recorder {
  private samples: Sample[] = [];
  private okCount = 0;
  constructor(private readonly isOk: (s: Sample) => boolean) {}

  add(s: Sample): boolean {
    this.samples.push(s);
    const ok = this.isOk(s);
    if (ok) this.okCount++;
    return ok;
  }

  all(): readonly Sample[] {
    return this.samples;
  }

  stats(): ClassStats {
    const ms = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const pick = (q: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! : 0);
    const failures: Record<string, number> = {};
    const examples: Sample[] = [];
    for (const s of this.samples) {
      if (this.isOk(s)) continue;
      const key = s.status === 0 ? `0 ${s.clientError}` : `${s.status} ${s.code ?? '-'}`;
      failures[key] = (failures[key] ?? 0) + 1;
      if (examples.length < 5) examples.push(s);
    }
    return {
      total: this.samples.length,
      ok: this.okCount,
      failed: this.samples.length - this.okCount,
      maxMs: Math.round(ms[ms.length - 1] ?? 0),
      p50Ms: Math.round(pick(0.5)),
      p99Ms: Math.round(pick(0.99)),
      failures,
      clientTimeouts: this.samples.filter((s) => s.clientError === 'timeout').length,
      examples,
    };
  }
}

/** Runs `fn` back to back until `until` passes, pausing `pauseMs` between calls. */
async function loop(until: number, pauseMs: number, fn: () => Promise<unknown>): Promise<void> {
  while (performance.now() < until) {
    await fn();
    if (pauseMs > 0) await sleep(pauseMs);
  }
}

export interface LoadOptions {
  url: string;
  /** Bearer token for patients and /staff/me. */
  token: string;
  username: string;
  password: string;
  durationMs: number;
  patientLoops: number;
  loginLoops: number;
  meLoops: number;
  queries: readonly string[];
}

export interface LoadResult {
  patients: Recorder;
  login: Recorder;
  me: Recorder;
  health: Recorder;
}

/**
 * Patients searches from several loops while staff does real work next door:
 * fresh logins (argon2 in the staff workers, nothing cached), /staff/me with a
 * token, and /health timed per request.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const until = performance.now() + o.durationMs;
  const auth = { authorization: `Bearer ${o.token}` };
  const r: LoadResult = {
    patients: new Recorder((s) => s.status === 200),
    login: new Recorder((s) => s.status === 200 && typeof s.body === 'string' && s.body.includes('"token"')),
    me: new Recorder((s) => s.status === 200 && typeof s.body === 'string' && s.body.includes(`"username":"${o.username}"`)),
    health: new Recorder((s) => s.status === 200),
  };
  let qi = 0;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < o.patientLoops; i++) {
    loops.push(
      loop(until, 20, async () => {
        const q = o.queries[qi++ % o.queries.length]!;
        r.patients.add(await timed(`${o.url}/api/v1/patients?q=${encodeURIComponent(q)}`, { headers: auth }));
      }),
    );
  }
  for (let i = 0; i < o.loginLoops; i++) {
    loops.push(
      loop(until, 20, async () => {
        const body = JSON.stringify({ username: o.username, password: o.password });
        r.login.add(await timed(`${o.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, true));
      }),
    );
  }
  for (let i = 0; i < o.meLoops; i++) {
    loops.push(loop(until, 20, async () => void r.me.add(await timed(`${o.url}/api/v1/staff/me`, { headers: auth }, true))));
  }
  loops.push(loop(until, 50, async () => void r.health.add(await timed(`${o.url}/health`))));
  await Promise.all(loops);
  return r;
}

/** What a failed patients call may answer during a fault: a status, its codes, and whether Retry-After is due. */
export const PROPER_FAILURES: Record<number, { codes: readonly string[]; retryAfter: boolean }> = {
  500: { codes: ['MODULE_CRASHED', 'INTERNAL'], retryAfter: false },
  503: { codes: ['MODULE_UNAVAILABLE', 'MODULE_OVERLOADED'], retryAfter: true },
  504: { codes: ['MODULE_TIMEOUT'], retryAfter: false },
};

/** Failed patients samples that are not one of the proper failures (includes client timeouts). */
export function improperFailures(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => {
    if (s.status === 200) return false;
    const rule = PROPER_FAILURES[s.status];
    if (!rule || !s.code || !rule.codes.includes(s.code)) return true;
    if (rule.retryAfter && !(s.retryAfter && Number(s.retryAfter) >= 1)) return true;
    return false;
  });
}

// ---- probes ---------------------------------------------------------------

export type RestartCause = 'exit' | 'oom' | 'timeout' | 'error';
export interface ModuleReady {
  state: string;
  breaker: 'closed' | 'open' | 'half_open';
  workers: number;
  restarts: Record<RestartCause, number>;
}

export async function ready(url: string, module = 'patients'): Promise<ModuleReady> {
  const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(CLIENT_ABORT_MS) });
  const body = (await res.json()) as { modules: Record<string, ModuleReady> };
  const m = body.modules[module];
  if (!m) throw new Error(`/ready has no module ${module}: ${JSON.stringify(body)}`);
  return m;
}

export async function metricsText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(CLIENT_ABORT_MS) });
  return res.text();
}

/** Value of one Prometheus sample with exactly these labels (in any order); 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const m = /^[^{]+\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const got = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (Object.keys(got).length === want.length && want.every(([k, v]) => got[k] === v)) return Number(m[2]);
  }
  return 0;
}

export async function restartMetrics(url: string, module = 'patients'): Promise<Record<RestartCause, number>> {
  const text = await metricsText(url);
  const out = {} as Record<RestartCause, number>;
  for (const cause of ['exit', 'oom', 'timeout', 'error'] as const) out[cause] = metricValue(text, 'bilik_worker_restarts_total', { module, cause });
  return out;
}

export function diff(after: Record<RestartCause, number>, before: Record<RestartCause, number>): Record<RestartCause, number> {
  return { exit: after.exit - before.exit, oom: after.oom - before.oom, timeout: after.timeout - before.timeout, error: after.error - before.error };
}

export async function setFault(url: string, token: string, body: { module: string; fault: string; times?: number; ms?: number }): Promise<void> {
  const res = await fetch(`${url}/_chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(CLIENT_ABORT_MS),
  });
  if (res.status !== 200) throw new Error(`POST /_chaos ${JSON.stringify(body)}: HTTP ${res.status} ${await res.text()}`);
}

export interface Recovery {
  ms: number | null; // null = did not recover within the bound
  polls: number;
  lastFailure?: string;
}

/**
 * After a fault is cleared: poll every `everyMs` until GET /api/v1/patients
 * succeeded `streak` times in a row and /ready shows the breaker closed.
 */
export async function waitForRecovery(url: string, token: string, boundMs = 30_000, everyMs = 200, streak = 5): Promise<Recovery> {
  const started = performance.now();
  let inARow = 0;
  let polls = 0;
  let lastFailure: string | undefined;
  while (performance.now() - started < boundMs) {
    polls++;
    const s = await timed(`${url}/api/v1/patients?q=`, { headers: { authorization: `Bearer ${token}` } });
    if (s.status === 200) inARow++;
    else {
      inARow = 0;
      lastFailure = `${s.status} ${s.code ?? s.clientError ?? ''}`;
    }
    if (inARow >= streak) {
      const r = await ready(url);
      if (r.breaker === 'closed') return { ms: Math.round(performance.now() - started), polls };
      lastFailure = `breaker ${r.breaker} after ${inARow} successes`;
    }
    await sleep(everyMs);
  }
  return { ms: null, polls, ...(lastFailure !== undefined && { lastFailure }) };
}

/**
 * Waits until the module's last worker restart (from the JSON logs) is older
 * than the restart-intensity window, so the next scenario starts with a clean
 * window instead of inheriting the previous one's restarts. Returns ms waited.
 */
export async function waitForQuietRestartWindow(logs: readonly string[], module: string, windowMs: number): Promise<number> {
  let last = 0;
  for (const line of logs) {
    if (!line.includes('"msg":"worker replaced"') || !line.includes(`"module":"${module}"`)) continue;
    try {
      last = Math.max(last, Number((JSON.parse(line) as { time: number }).time));
    } catch {
      /* not a JSON log line */
    }
  }
  const wait = last === 0 ? 0 : last + windowMs + 250 - Date.now();
  if (wait > 0) await sleep(wait);
  return Math.max(0, Math.round(wait));
}

// ---- summary artifact -----------------------------------------------------

export const SUMMARY_FILE = path.join(ROOT, 'test-artifacts', 'fault-summary.json');

export function writeSummary(summary: unknown): void {
  mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
  writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
}

/** A fixed-width table for the test log. */
export function table(rows: Array<Record<string, string | number | null>>): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i]!)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}
