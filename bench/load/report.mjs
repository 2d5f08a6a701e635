// Markdown tables of a scenario's result: one row per module per phase (and an
// "all" row carrying the process-wide figures), and for chaos one row per fault.

const ms = (v) => (v == null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const pct = (v) => (v == null ? '–' : `${(v * 100).toFixed(v > 0 && v < 0.001 ? 3 : 1)}`);
const num = (v, d = 1) => (v == null ? '–' : v.toFixed(d));

function table(head, rows) {
  const align = head.map((h, i) => (i < 2 ? '---' : '---:'));
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Per phase and module: rate, latency, error classes; CPU and DB p95 from the app's /metrics. */
export function phaseTable(phases) {
  const head = ['phase', 'module', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '4xx %', '5xx+timeouts %', 'unanswered', 'CPU %', 'DB p95 ms'];
  const rows = [];
  for (const p of phases) {
    for (const [m, s] of Object.entries(p.modules)) {
      rows.push([p.name, m, s.requests, num(s.rps), ms(s.p50), ms(s.p95), ms(s.p99), pct(s.rate4xx), pct(s.rate5xx), s.unanswered, '', ms(p.server.modules[m]?.dbP95Ms)]);
    }
    // Modules no request was addressed to but that did work for the others (staff checks every session).
    for (const [m, f] of Object.entries(p.server.modules)) {
      if (!(m in p.modules) && f.dbQueries > 0) rows.push([p.name, `${m} (calls only)`, 0, '–', '–', '–', '–', '–', '–', '', '', ms(f.dbP95Ms)]);
    }
    const a = p.all;
    rows.push([p.name, '**all**', a.requests, num(a.rps), ms(a.p50), ms(a.p95), ms(a.p99), pct(a.rate4xx), pct(a.rate5xx), a.unanswered, num(p.server.cpuPercent, 0), ms(p.server.dbP95Ms)]);
  }
  return table(head, rows);
}

/** Per fault: the healthy modules next to the baseline, the faulty module's failures, and its recovery. */
export function chaosTable(result) {
  const m = result.module;
  const b = result.baselineHealthy;
  const head = [`fault in ${m}`, 'healthy ok % (baseline)', 'healthy p95 ms (baseline)', `${m} requests`, `${m} 2xx`, `${m} 4xx`, `${m} 5xx`, `${m} timeouts + unanswered`, 'shed', 'breaker rejected', 'restarts', 'recovery ms'];
  const rows = result.faults.map((f) => [
    f.fault,
    `${pct(f.healthy.okRate)} (${pct(b.okRate)})`,
    `${ms(f.healthy.p95)} (${ms(b.p95)})`,
    f.faulty?.requests ?? 0,
    f.faulty?.['2xx'] ?? 0,
    f.faulty?.['4xx'] ?? 0,
    f.faulty?.['5xx'] ?? 0,
    (f.faulty?.timeouts ?? 0) + (f.faulty?.errors ?? 0) + (f.faulty?.unanswered ?? 0),
    f.shed,
    f.breakerRejected,
    f.restarts,
    f.recovery.ms == null ? `not within bound (last ${f.recovery.last})` : f.recovery.ms,
  ]);
  return table(head, rows);
}
