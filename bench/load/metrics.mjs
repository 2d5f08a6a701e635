// Reads the app's own /metrics (Prometheus text format) between phases: the
// load figures that only the server knows (CPU of the whole process, worker
// threads included; database query latency measured inside the workers; load
// shedding and breaker rejections) come from deltas between two scrapes, the
// same way Prometheus' increase() and histogram_quantile() would compute them.

/** One scrape: every sample as { name, labels, value }, plus the wall time it was taken. */
export async function scrape(url) {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`/metrics answered HTTP ${res.status}`);
  return { at: performance.now(), samples: parse(await res.text()) };
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parse(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

const matches = (labels, where) => Object.entries(where).every(([k, v]) => labels[k] === v);

/** Sum of a metric's samples whose labels match `where`. */
export function sum(scrape, name, where = {}) {
  let total = 0;
  for (const s of scrape.samples) if (s.name === name && matches(s.labels, where)) total += s.value;
  return total;
}

/** Counter increase between two scrapes (a counter never goes down unless the process restarted). */
export function delta(before, after, name, where = {}) {
  return Math.max(0, sum(after, name, where) - sum(before, name, where));
}

/** Cumulative bucket counts by upper bound, summed over every series matching `where`. */
function buckets(scrape, name, where) {
  const byLe = new Map();
  for (const s of scrape.samples) {
    if (s.name !== `${name}_bucket` || !matches(s.labels, where)) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return byLe;
}

/**
 * The q-quantile of a histogram's observations made between two scrapes, in
 * the histogram's unit, interpolated inside the bucket like Prometheus'
 * histogram_quantile(); null when nothing was observed in between.
 */
export function quantileBetween(before, after, name, q, where = {}) {
  const b0 = buckets(before, name, where);
  const b1 = buckets(after, name, where);
  const les = [...b1.keys()].sort((a, b) => a - b);
  const cum = les.map((le) => Math.max(0, (b1.get(le) ?? 0) - (b0.get(le) ?? 0)));
  const total = cum.at(-1) ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  for (let i = 0; i < les.length; i++) {
    if (cum[i] < rank) continue;
    if (les[i] === Infinity) return les[i - 1] ?? null; // above the last finite bound: report that bound
    const lower = i === 0 ? 0 : les[i - 1];
    const below = i === 0 ? 0 : cum[i - 1];
    const inBucket = cum[i] - below;
    return inBucket === 0 ? les[i] : lower + (les[i] - lower) * ((rank - below) / inBucket);
  }
  return null;
}

/** Observations of a histogram between two scrapes (its _count delta). */
export function countBetween(before, after, name, where = {}) {
  return delta(before, after, `${name}_count`, where);
}

/** Server-side figures of one phase: CPU, and per module DB p95, shed, breaker rejections, restarts. */
export function serverFigures(before, after, modules) {
  const wall = (after.at - before.at) / 1000;
  const cpuSeconds = delta(before, after, 'process_cpu_seconds_total');
  const perModule = {};
  for (const module of modules) {
    const p95 = quantileBetween(before, after, 'bilik_db_query_duration_seconds', 0.95, { module });
    perModule[module] = {
      dbQueries: countBetween(before, after, 'bilik_db_query_duration_seconds', { module }),
      dbP95Ms: p95 === null ? null : p95 * 1000,
      shed: delta(before, after, 'bilik_bulkhead_shed_total', { module }),
      breakerRejected: delta(before, after, 'bilik_breaker_rejected_total', { module }),
      restarts: delta(before, after, 'bilik_worker_restarts_total', { module }),
    };
  }
  const allP95 = quantileBetween(before, after, 'bilik_db_query_duration_seconds', 0.95);
  return {
    wallSeconds: wall,
    cpuSeconds,
    /** CPU seconds per wall second, as a percentage of one core (above 100 % means more than one core). */
    cpuPercent: wall > 0 ? (cpuSeconds / wall) * 100 : null,
    dbP95Ms: allP95 === null ? null : allP95 * 1000,
    modules: perModule,
  };
}

/** The module names the app reports on (from its breaker gauge, which every module has). */
export function modulesIn(scrape) {
  const names = new Set();
  for (const s of scrape.samples) if (s.name === 'bilik_breaker_state' && s.labels.module) names.add(s.labels.module);
  return [...names].sort();
}
