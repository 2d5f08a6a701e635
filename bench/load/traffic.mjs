// One autocannon run whose every answer is attributed to a module. autocannon's
// own result only keeps aggregate histograms (and 2xx latencies only), so each
// request carries its module, worked out from its URL prefix, and the run's
// 'response' event (emitted while the client still points at the request it
// just got an answer for) records status and latency per module. Timeouts and
// connection errors are attributed to the request in flight, and so are the
// requests still unanswered when the phase ends (autocannon forgets those).
import autocannon from 'autocannon';

/** /api/v1/<module>/... or /<module>/...; the token and login endpoints belong to staff. */
export function classify(path) {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  const seg = parts[0] === 'api' && parts[1] === 'v1' ? parts[2] : parts[0];
  if (seg === 'auth' || seg === 'login' || seg === 'logout') return 'staff';
  if (!seg) return 'kernel';
  if (seg.startsWith('_') || seg === 'health' || seg === 'ready' || seg === 'metrics') return 'kernel';
  return seg;
}

/** A request for autocannon, tagged with its module (from the path, or the path template for dynamic ones). */
export function req(path, headers, extra = {}) {
  return { method: 'GET', path, headers, ...extra, module: classify(path) };
}

/** A request in flight this long when a phase ends counts as unanswered. */
export const STUCK_MS = 1000;
const FLIGHT = new WeakMap();

class Tally {
  constructor() {
    this.latencies = [];
    this.status = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
    this.codes = {};
    this.timeouts = 0;
    this.errors = 0;
    this.unanswered = 0;
  }

  answer(status, ms) {
    this.latencies.push(ms);
    const cls = `${Math.floor(status / 100)}xx`;
    if (cls in this.status) this.status[cls]++;
    this.codes[status] = (this.codes[status] ?? 0) + 1;
  }

  /** Adds another tally's answers (for the summary of a group of modules). */
  merge(other) {
    for (const ms of other.latencies) this.latencies.push(ms);
    for (const k of Object.keys(this.status)) this.status[k] += other.status[k];
    for (const [code, n] of Object.entries(other.codes)) this.codes[code] = (this.codes[code] ?? 0) + n;
    this.timeouts += other.timeouts;
    this.errors += other.errors;
    this.unanswered += other.unanswered;
    return this;
  }

  summary(seconds) {
    const sorted = Float64Array.from(this.latencies).sort();
    const pick = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null);
    const answered = sorted.length;
    const total = answered + this.timeouts + this.errors + this.unanswered;
    return {
      requests: total,
      answered,
      /** Still waiting for an answer, for STUCK_MS or more, when the phase ended (a failure in the rates). */
      unanswered: this.unanswered,
      rps: seconds > 0 ? total / seconds : null,
      p50: pick(0.5),
      p95: pick(0.95),
      p99: pick(0.99),
      max: answered ? sorted[answered - 1] : null,
      ...this.status,
      codes: this.codes,
      timeouts: this.timeouts,
      errors: this.errors,
      /** Answered below 400, out of everything sent (a timeout, a dropped connection or a stuck request is a failure). */
      okRate: total ? (this.status['2xx'] + this.status['3xx']) / total : null,
      rate4xx: total ? this.status['4xx'] / total : null,
      /** 5xx answers plus timeouts, connection errors and stuck requests: the server's failures. */
      rate5xx: total ? (this.status['5xx'] + this.timeouts + this.errors + this.unanswered) / total : null,
    };
  }
}

/**
 * Runs autocannon with `opts` (url, requests, connections, duration or amount,
 * overallRate...) and resolves with { seconds, all, modules: { name: summary },
 * autocannon: trimmed result }. `maxSeconds` stops the run if it overstays;
 * `stagger` spreads the clients over a read mix (not for request pairs).
 */
export async function run(opts, { maxSeconds, stagger = false } = {}) {
  const all = new Tally();
  const byModule = new Map();
  const tally = (m) => byModule.get(m) ?? byModule.set(m, new Tally()).get(m);
  const moduleOf = (client) => client?.requestIterator?.currentRequest?.module ?? 'unknown';
  const flights = []; // per client: the request in flight, { module, at }, or null
  const setupClient = (client) => {
    // Staggered: client k starts at request k of the list, so 50 connections
    // do not all open with the same (slowest) page at the same instant.
    const k = stagger && opts.requests?.length > 1 ? flights.length % opts.requests.length : 0;
    if (k) client.setRequests([...opts.requests.slice(k), ...opts.requests.slice(0, k)].map((r) => ({ ...r, headers: { ...r.headers } })));
    // 'request' fires just before the client picks and writes its next request;
    // a microtask later the pick is made, so `flight` is the request in flight.
    // A timeout reconnects and picks the next request before it is reported,
    // so it is attributed from `flight`, not from the current request.
    const flight = { current: null };
    flights.push(flight);
    FLIGHT.set(client, flight);
    client.on('request', () => queueMicrotask(() => (flight.current = { module: moduleOf(client), at: performance.now() })));
    client.on('timeout', () => {
      all.timeouts++;
      tally(flight.current?.module ?? 'unknown').timeouts++;
      flight.current = null;
    });
    client.on('connError', () => {
      all.errors++;
      tally(flight.current?.module ?? 'unknown').errors++;
      flight.current = null;
    });
  };
  const started = performance.now();
  const instance = autocannon({ timeout: 10, ...opts, setupClient });
  instance.on('response', (client, status, _bytes, ms) => {
    all.answer(status, ms);
    tally(moduleOf(client)).answer(status, ms);
    const flight = FLIGHT.get(client);
    if (flight) flight.current = null;
  });
  const guard = maxSeconds ? setTimeout(() => instance.stop(), maxSeconds * 1000) : null;
  let result;
  try {
    result = await instance;
  } finally {
    if (guard) clearTimeout(guard);
  }
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  // autocannon drops the requests still in flight when it stops; the ones that
  // had already waited STUCK_MS are kept as "unanswered" (e.g. behind a hang).
  for (const { current } of flights) {
    if (current && ended - current.at >= STUCK_MS) {
      all.unanswered++;
      tally(current.module).unanswered++;
    }
  }
  const modules = {};
  for (const [m, t] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) modules[m] = t.summary(seconds);
  return {
    seconds,
    all: all.summary(seconds),
    modules,
    /** The summary of the modules `pick(name)` selects, as if they were one (not serialised). */
    group: (pick) => [...byModule].filter(([m]) => pick(m)).reduce((t, [, x]) => t.merge(x), new Tally()).summary(seconds),
    autocannon: { requests: result.requests.total, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, resets: result.resets, statusCodeStats: result.statusCodeStats },
  };
}
