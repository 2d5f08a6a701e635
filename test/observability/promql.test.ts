// The helpers the Prometheus suite uses to turn alerts and dashboards into
// queries: threshold stripping and Grafana variable substitution.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertDataExprs, dashboardExprs, substituteGrafanaVars } from './promql.js';

describe('alertDataExprs', () => {
  it('drops the threshold comparison', () => {
    expect(alertDataExprs('bilik_breaker_state == 2')).toEqual(['bilik_breaker_state']);
    expect(alertDataExprs('histogram_quantile(0.95, sum by (module, le) (rate(x_bucket[5m]))) > 0.2')).toEqual(['histogram_quantile(0.95, sum by (module, le) (rate(x_bucket[5m])))']);
    expect(alertDataExprs('0.2 < nodejs_eventloop_lag_p99_seconds')).toEqual(['nodejs_eventloop_lag_p99_seconds']);
  });

  it('keeps comparisons inside selectors and parentheses, and splits set operators', () => {
    expect(alertDataExprs('a{fstype!~"tmpfs|x",b!="1"} / c{d=~"e"} < 0.2')).toEqual(['a{fstype!~"tmpfs|x",b!="1"} / c{d=~"e"}']);
    expect(alertDataExprs('(sum by (m) (rate(a{s="5xx"}[5m])) / sum by (m) (rate(a[5m]))) > 0.01 and on (m) sum by (m) (increase(a[5m])) >= 20')).toEqual([
      '(sum by (m) (rate(a{s="5xx"}[5m])) / sum by (m) (rate(a[5m])))',
      'sum by (m) (increase(a[5m]))',
    ]);
    expect(alertDataExprs('sum(x > 1)')).toEqual(['sum(x > 1)']);
  });
});

describe('substituteGrafanaVars', () => {
  it('replaces interval variables with 1m and others with a match-all regex', () => {
    expect(substituteGrafanaVars('rate(x{module=~"$module"}[$__rate_interval])')).toBe('rate(x{module=~".*"}[1m])');
    expect(substituteGrafanaVars('rate(x{module="$module",job="${job}"}[${__interval}])')).toBe('rate(x{module=~".*",job=~".*"}[1m])');
    expect(substituteGrafanaVars('x{instance=~"[[instance]]"}')).toBe('x{instance=~".*"}');
  });
});

describe('dashboardExprs', () => {
  it('finds targets of panels nested in rows, and skips empty ones', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-dash-'));
    try {
      const file = path.join(dir, 'd.json');
      writeFileSync(
        file,
        JSON.stringify({
          panels: [
            { title: 'RPS', targets: [{ expr: 'a' }, { expr: '' }] },
            { type: 'row', title: 'patients', panels: [{ title: 'Breaker', targets: [{ expr: 'b' }] }] },
          ],
        }),
      );
      expect(dashboardExprs(file).map((e) => `${e.panel}:${e.expr}`)).toEqual(['RPS:a', 'Breaker:b']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
