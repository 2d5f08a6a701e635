// docs/METRICS.md is the reference for /metrics: every bilik_* family a live
// Bilik exposes is in it with the right type and labels, the doc lists nothing
// that does not exist, every metric the alerts and dashboards query is
// documented, and no label value is a raw path or an id.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/kernel/metrics.js';
import { modules } from '../../src/modules/index.js';
import { startClinic, type Clinic } from '../support/clinic.js';
import { ROOT } from '../support/server.js';
import { documentedMetrics, parseExposition, type DocRow, type Family } from './exposition.js';
import { dashboardExprs, jsonFilesUnder } from './promql.js';
import { CHAOS_ENV, generateTraffic } from './traffic.js';

/** Routes the kernel itself labels (everything else is a manifest route template). */
const KERNEL_ROUTES = ['/', '/_lang', '/_chaos', '/health', '/ready', '/metrics', '/api/v1/openapi.json', '/static', 'unmatched'];
/** Families that have no series on SQLite. */
const POSTGRES_ONLY = new Set(['bilik_db_pool_connections']);

let c: Clinic;
let families: Map<string, Family>;
let doc: Map<string, DocRow>;

const bilikFamilies = () => [...families.values()].filter((f) => f.name.startsWith('bilik_'));
const sampleLabels = (f: Family) => [...new Set(f.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => l !== 'le' && l !== 'quantile'))].sort();

beforeAll(async () => {
  c = await startClinic({ env: CHAOS_ENV });
  await generateTraffic(c);
  // Workers report their event-loop utilisation every 2 s.
  await new Promise((r) => setTimeout(r, 2500));
  const res = await fetch(`${c.url}/metrics`);
  expect(res.status).toBe(200);
  families = parseExposition(await res.text());
  doc = documentedMetrics();
});

afterAll(async () => {
  await c?.stop();
});

describe('docs/METRICS.md', () => {
  it('documents every exposed bilik_* family with its type and the labels its series carry', () => {
    const problems: string[] = [];
    expect(bilikFamilies().length).toBeGreaterThan(10);
    for (const f of bilikFamilies()) {
      const row = doc.get(f.name);
      if (!row) {
        problems.push(`${f.name} (${f.type}) is exposed but not in docs/METRICS.md`);
        continue;
      }
      if (row.type !== f.type) problems.push(`${f.name}: documented as ${row.type}, exposed as ${f.type}`);
      const seen = sampleLabels(f);
      if (f.samples.length && seen.join(',') !== [...row.labels].sort().join(',')) problems.push(`${f.name}: documented labels [${row.labels}], series carry [${seen}]`);
    }
    expect(problems).toEqual([]);
  });

  it('documents the labels each bilik_* metric declares, and nothing that is not exposed', () => {
    const problems: string[] = [];
    const declared = createMetrics().registry.getMetricsAsArray().filter((m) => m.name.startsWith('bilik_'));
    for (const m of declared) {
      const row = doc.get(m.name);
      const labels = [...((m as unknown as { labelNames: string[] }).labelNames ?? [])].sort();
      if (!row) problems.push(`${m.name} is declared in src/kernel/metrics.ts but not documented`);
      else if (labels.join(',') !== [...row.labels].sort().join(',')) problems.push(`${m.name}: declared labels [${labels}], documented [${row.labels}]`);
    }
    for (const name of doc.keys()) {
      if (name.startsWith('bilik_') && !families.has(name)) problems.push(`${name} is documented but /metrics does not expose it`);
      if (/^(nodejs|process)_/.test(name) && !families.has(name)) problems.push(`${name} is documented as a default metric but /metrics does not expose it`);
    }
    expect(problems).toEqual([]);
  });

  it('every bilik_* family has series after a little traffic (so the dashboards and alerts have data)', () => {
    const empty = bilikFamilies().filter((f) => f.samples.length === 0 && !POSTGRES_ONLY.has(f.name)).map((f) => f.name);
    expect(empty).toEqual([]);
  });

  it('documents every metric the alert rules and dashboards query', () => {
    const alerts = path.join(ROOT, 'deploy/prometheus/alerts.yml');
    const sources = [
      ...[...readFileSync(alerts, 'utf8').matchAll(/expr: (\|\n(?: {10,}.*\n)+|.*)/g)].map((m) => ({ file: alerts, text: m[1]! })),
      ...jsonFilesUnder(path.join(ROOT, 'deploy/grafana')).flatMap((f) => dashboardExprs(f).map((e) => ({ file: f, text: e.expr }))),
    ];
    expect(sources.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const [, name] of text.matchAll(/\b((?:bilik|nodejs|process|node)_[a-zA-Z0-9_]+)/g)) {
        const base = name!.replace(/_(bucket|sum|count)$/, '');
        if (doc.has(name!) || doc.has(base)) continue;
        missing.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('label values are bounded', () => {
  it('routes are manifest templates or kernel routes, modules are module names, statuses are classes', () => {
    const routes = new Set([...KERNEL_ROUTES, ...modules.flatMap((m) => m.routes.map((r) => r.path))]);
    const moduleNames = new Set(['kernel', ...modules.map((m) => m.name)]);
    const problems: string[] = [];
    const routeValues = new Set<string>();
    for (const f of bilikFamilies()) {
      for (const s of f.samples) {
        for (const [label, value] of Object.entries(s.labels)) {
          const where = `${s.name}{${label}="${value}"}`;
          if (label === 'route') {
            routeValues.add(value);
            if (!routes.has(value)) problems.push(`${where}: not a route template`);
          }
          if (label === 'module' && !moduleNames.has(value)) problems.push(`${where}: not a module`);
          if (label === 'status' && !/^[1-5]xx$/.test(value)) problems.push(`${where}: not a status class`);
          if (label === 'le') continue;
          if (value.split(/[/:]/).some((seg) => /^\d+$/.test(seg))) problems.push(`${where}: has a digits-only segment (an id?)`);
          if (/[0-9a-f]{8}-[0-9a-f]{4}-/i.test(value) || /[?=&]/.test(value) || value.length > 80) problems.push(`${where}: looks like a raw path, query or id`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The traffic hit unknown paths, ids and static files: they must have landed on these labels.
    expect([...routeValues]).toEqual(expect.arrayContaining(['unmatched', '/static', '/api/v1/patients/:id', '/_chaos']));
  });

  it('worker event-loop utilisation is reported by the workers, per module, within 0..1', () => {
    const samples = families.get('bilik_worker_event_loop_utilization')!.samples;
    expect(samples.map((s) => s.labels.module).sort()).toEqual(modules.map((m) => m.name).sort());
    expect(samples.every((s) => s.value >= 0 && s.value <= 1)).toBe(true);
    // Starts at 0; a value above 0 can only come from a worker's own report.
    expect(samples.some((s) => s.value > 0)).toBe(true);
  });

  it('restart causes are exit, oom, timeout or error', () => {
    const causes = new Set(families.get('bilik_worker_restarts_total')!.samples.map((s) => s.labels.cause));
    expect([...causes].sort()).toEqual(['error', 'exit', 'oom', 'timeout']);
  });
});
