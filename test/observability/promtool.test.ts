// deploy/prometheus checked with Debian's promtool: the config (and the rule
// file it loads), the rules, and the rules' unit tests. The unit tests must
// cover every alert both firing and not firing, and must fail when a threshold
// is wrong (a mutated copy of alerts.yml).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROMTOOL_BIN, requireBinaries } from '../support/prometheus.js';
import { ROOT } from '../support/server.js';

const DIR = path.join(ROOT, 'deploy/prometheus');
const ALERTS = path.join(DIR, 'alerts.yml');
const UNIT_TESTS = path.join(DIR, 'tests/alerts-test.yml');

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL_BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  requireBinaries(PROMTOOL_BIN);
});

describe('promtool', () => {
  it('accepts deploy/prometheus/prometheus.yml and the rule file it loads', () => {
    const r = promtool('check', 'config', path.join(DIR, 'prometheus.yml'));
    expect(r.output).toContain('SUCCESS');
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/1 rule files found/);
  });

  it('accepts the alert rules', () => {
    const r = promtool('check', 'rules', ALERTS);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/SUCCESS: 8 rules found/);
  });

  it('passes the alert unit tests', () => {
    const r = promtool('test', 'rules', UNIT_TESTS);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });

  it('rejects a broken rule file (the check can fail)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-promtool-'));
    try {
      const bad = path.join(dir, 'bad.yml');
      writeFileSync(bad, 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(bilik_http_requests_total[5m]) > \n');
      expect(promtool('check', 'rules', bad).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the unit tests when an alert threshold is wrong', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-promtool-'));
    try {
      mkdirSync(path.join(dir, 'tests'));
      copyFileSync(UNIT_TESTS, path.join(dir, 'tests/alerts-test.yml'));
      const rules = readFileSync(ALERTS, 'utf8');
      // p95 threshold 200 ms → 500 ms: the test series (p95 = 480 ms) must no longer fire.
      const mutated = rules.replace('[5m]))) > 0.2', '[5m]))) > 0.5');
      expect(mutated).not.toBe(rules);
      writeFileSync(path.join(dir, 'alerts.yml'), mutated);
      const r = promtool('test', 'rules', path.join(dir, 'tests/alerts-test.yml'));
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('BilikHighLatencyP95');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('alert rules', () => {
  const rules = readFileSync(ALERTS, 'utf8');
  const names = [...rules.matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]!);

  it('cover the signals the issue asks for', () => {
    expect(names.sort()).toEqual(
      ['BilikBreakerOpen', 'BilikBulkheadShedding', 'BilikErrorRateCritical', 'BilikErrorRateHigh', 'BilikEventLoopLag', 'BilikHighLatencyP95', 'BilikWorkerRestartStorm', 'HostDiskSpaceLow'].sort(),
    );
  });

  it('each has a severity, a summary, a description and a runbook hint', () => {
    const blocks = rules.split(/^\s+- alert: /m).slice(1);
    const problems: string[] = [];
    for (const b of blocks) {
      const name = b.split('\n')[0]!;
      if (!/severity: (warning|critical)\n/.test(b)) problems.push(`${name}: severity`);
      for (const a of ['summary', 'description', 'runbook', 'runbook_url']) if (!new RegExp(`\\n\\s+${a}: "[^"]{10,}`).test(b)) problems.push(`${name}: ${a}`);
    }
    expect(problems).toEqual([]);
  });

  it('each is unit-tested both firing and not firing', () => {
    const cases = readFileSync(UNIT_TESTS, 'utf8').split(/\n\s+- eval_time: /).slice(1);
    const fires = new Set<string>();
    const silent = new Set<string>();
    for (const c of cases) {
      const alert = /alertname: (\w+)/.exec(c)?.[1];
      if (!alert) continue;
      (/exp_alerts: \[\]/.test(c) ? silent : fires).add(alert);
    }
    expect(names.filter((n) => !fires.has(n))).toEqual([]);
    expect(names.filter((n) => !silent.has(n))).toEqual([]);
  });
});
