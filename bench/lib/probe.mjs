// Probes of a running Bilik for the benchmarks: timed requests that never throw,
// /ready and /metrics readers, the chaos switch, and the process's memory as
// the kernel sees it (/proc/<pid>/status).
import { readFileSync } from 'node:fs';

const ABORT_MS = 15_000;

/** One request, timed; resolves with { status (0 = no answer), ms, code } and never throws. */
export async function timed(url, init = {}) {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ABORT_MS) });
    const text = await res.text();
    const out = { status: res.status, ms: performance.now() - started, at: performance.now() };
    if (res.status >= 400) {
      try {
        out.code = JSON.parse(text).error?.code;
      } catch {
        /* not JSON */
      }
    }
    return out;
  } catch (err) {
    return { status: 0, ms: performance.now() - started, at: performance.now(), code: err?.name ?? 'error' };
  }
}

export const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** The patients module's entry of /ready: state, breaker, workers, restarts, active, queued. */
export async function moduleStatus(url, module = 'patients') {
  const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(ABORT_MS) });
  const body = await res.json();
  return body.modules[module];
}

export async function metricsText(url) {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(ABORT_MS) });
  return res.text();
}

/** First sample of a metric with these labels (all of them, any order); null when absent. */
export function metricValue(text, name, labels = {}) {
  const want = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (want.every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return null;
}

export async function setFault(url, token, body) {
  const res = await fetch(`${url}/_chaos`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body), signal: AbortSignal.timeout(ABORT_MS) });
  if (res.status !== 200) throw new Error(`POST /_chaos ${JSON.stringify(body)}: HTTP ${res.status} ${await res.text()}`);
}

/** VmRSS, VmHWM (bytes) and the thread count of a process: threads share its address space, so this is all of Bilik. */
export function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const threads = /^Threads:\s+(\d+)/m.exec(text);
  return { vmRss: kb('VmRSS'), vmHwm: kb('VmHWM'), threads: threads ? Number(threads[1]) : null };
}

/** Polls until `fn()` is truthy (returns its value) or `boundMs` passes (returns null). */
export async function until(fn, boundMs, everyMs = 20) {
  const end = performance.now() + boundMs;
  while (performance.now() < end) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return null;
}

/** CPU time (user + system, ms) the process has used so far, all its threads together. */
export function procCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}
