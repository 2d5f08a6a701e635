// A real Prometheus (Debian's, on a random loopback port, temp storage, 1 s
// scrapes) scraping a running Bilik and a node-exporter, after some traffic
// (2xx, 4xx, and 5xx from a fault injected into patients). Every PromQL
// expression the operator relies on must be valid and return data: each alert
// rule (loaded from deploy/prometheus/alerts.yml; the threshold comparison is
// dropped, since a healthy system fires nothing) and each panel query of every
// dashboard under deploy/grafana/ (Grafana's variables replaced).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { NODE_EXPORTER_BIN, PROMETHEUS_BIN, requireBinaries, startNodeExporter, startPrometheus, type NodeExporter, type Prometheus, type PromResult } from '../support/prometheus.js';
import { ROOT } from '../support/server.js';
import { alertDataExprs, dashboardExprs, jsonFilesUnder, substituteGrafanaVars } from './promql.js';
import { CHAOS_ENV, generateTraffic } from './traffic.js';

const ALERTS = path.join(ROOT, 'deploy/prometheus/alerts.yml');
const GRAFANA = path.join(ROOT, 'deploy/grafana');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface AlertRule {
  name: string;
  query: string;
  health: string;
  lastError?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

let c: Clinic | undefined;
let exporter: NodeExporter | undefined;
let prom: Prometheus | undefined;

beforeAll(async () => {
  requireBinaries(PROMETHEUS_BIN, NODE_EXPORTER_BIN);
  c = await startClinic({ env: CHAOS_ENV });
  exporter = await startNodeExporter();
  prom = await startPrometheus({ jobs: { bilik: [new URL(c.url).host], node: [exporter.target] }, ruleFiles: [ALERTS], scrapeIntervalSec: 1 });
  await prom.waitForScrapes(2);
  // Traffic spread over several scrapes, so rates and quantiles have points to work with.
  await generateTraffic(c, 0);
  await sleep(2000);
  await generateTraffic(c, 1);
  await sleep(4000);
  await prom.waitForScrapes(6);
}, 240_000);

afterAll(async () => {
  for (const stop of [() => prom?.stop(), () => exporter?.stop(), () => c?.stop()]) {
    try {
      await stop();
    } catch {
      /* keep stopping the others */
    }
  }
});

/** Why an instant query is not good enough, or null when it answered with data. */
async function problem(expr: string): Promise<string | null> {
  let r: PromResult;
  try {
    r = await prom!.query(expr);
  } catch (err) {
    return `query failed: ${(err as Error).message}`;
  }
  if (r.status !== 'success') return `invalid: ${r.errorType}: ${r.error}`;
  const result = r.data?.result;
  if (r.data?.resultType === 'scalar' || r.data?.resultType === 'string') return null;
  return Array.isArray(result) && result.length > 0 ? null : 'no data';
}

async function alertRules(): Promise<AlertRule[]> {
  // Rules are evaluated every second; wait until each has been evaluated once.
  for (let i = 0; i < 30; i++) {
    const res = await prom!.api<{ data: { groups: Array<{ rules: AlertRule[] }> } }>('/api/v1/rules?type=alert');
    const rules = res.data.groups.flatMap((g) => g.rules);
    if (rules.length && rules.every((r) => r.health !== 'unknown')) return rules;
    await sleep(500);
  }
  throw new Error('alert rules were not evaluated within 15 s');
}

describe('Prometheus scraping Bilik and node-exporter', () => {
  it('scrapes both targets', async () => {
    for (const job of ['bilik', 'node']) {
      const r = await prom!.query(`up{job="${job}"}`);
      expect(r.data?.result?.[0]?.value?.[1], `up{job="${job}"}`).toBe('1');
    }
  });

  it('loads every rule of alerts.yml and evaluates each without error', async () => {
    const rules = await alertRules();
    const inFile = [...readFileSync(ALERTS, 'utf8').matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]);
    expect(rules.map((r) => r.name).sort()).toEqual(inFile.sort());
    const broken = rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`);
    expect(broken).toEqual([]);
    for (const r of rules) {
      expect(['warning', 'critical'], r.name).toContain(r.labels.severity);
      for (const a of ['summary', 'description', 'runbook']) expect(r.annotations[a], `${r.name} ${a}`).toBeTruthy();
    }
  });

  it('every alert expression is valid, and its left-hand side returns data', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const rule of await alertRules()) {
      const whole = await problem(rule.query);
      checked++;
      if (whole?.startsWith('invalid')) failures.push(`${rule.name}: ${rule.query}\n    → ${whole}`);
      for (const expr of alertDataExprs(rule.query)) {
        const p = await problem(expr);
        checked++;
        if (p) failures.push(`${rule.name}: ${expr}\n    → ${p}`);
      }
    }
    console.log(`prometheus: ${checked} alert expressions checked (rules and their left-hand sides)`);
    if (failures.length) console.error(`alert expressions that failed:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  });

  it('every dashboard panel expression under deploy/grafana/ is valid and returns data', async () => {
    const exprs = jsonFilesUnder(GRAFANA).flatMap((f) => dashboardExprs(f));
    expect(exprs.length, 'no dashboard panel queries found under deploy/grafana/').toBeGreaterThan(0);
    const failures: string[] = [];
    for (const e of exprs) {
      const expr = substituteGrafanaVars(e.expr);
      const p = await problem(expr);
      if (p) failures.push(`${path.relative(ROOT, e.file)} — panel "${e.panel}": ${expr}\n    → ${p}`);
    }
    console.log(`prometheus: ${exprs.length} dashboard panel expressions checked`);
    if (failures.length) console.error(`dashboard expressions that failed:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  });
});
