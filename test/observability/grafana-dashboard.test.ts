// Structural checks on the provisioned Grafana stack in deploy/grafana: every
// file parses, every panel queries the provisioned datasource, every PromQL
// expression is well formed and names only metrics that Bilik (the built
// registry in dist/), prom-client's defaults or node-exporter really export,
// the eight operator signals are there and the module row repeats by module.
// Whether the expressions return data is the live Prometheus test's job.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GRAFANA = path.join(ROOT, 'deploy/grafana');

type Kind = 'counter' | 'gauge' | 'histogram';
// node-exporter metrics the dashboard may use (node_exporter 1.x names, Linux).
const NODE_EXPORTER: Record<string, Kind> = {
  node_cpu_seconds_total: 'counter',
  node_memory_MemTotal_bytes: 'gauge',
  node_memory_MemAvailable_bytes: 'gauge',
  node_filesystem_avail_bytes: 'gauge',
  node_filesystem_free_bytes: 'gauge',
  node_filesystem_size_bytes: 'gauge',
  node_network_receive_bytes_total: 'counter',
  node_network_transmit_bytes_total: 'counter',
  node_disk_read_bytes_total: 'counter',
  node_disk_written_bytes_total: 'counter',
  node_load1: 'gauge',
};
// prom-client defaults the dashboard relies on; they must also be in the registry.
const PROM_CLIENT_DEFAULTS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_gc_duration_seconds',
  'nodejs_version_info',
];
const GRAFANA_VARIABLES = new Set(['__rate_interval', '__interval', '__range', '__interval_ms', '__range_s']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan']);

// ---- A small PromQL reader: enough to find metric names, not a parser -------

/** The expression with every string literal emptied, so label values never look like syntax. */
function stripStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
}

function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of stripStrings(expr)) {
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

/** Metric names in an expression: identifiers that are not functions, keywords or label names. */
function metricNames(expr: string): string[] {
  const s = stripStrings(expr)
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of s.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const before = s[m.index - 1] ?? ' ';
    if (/[\w.$]/.test(before)) continue; // part of a number (1e3) or a $variable
    if (/^\s*\(/.test(s.slice(m.index + m[0].length))) continue; // function call
    if (KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Metrics that rate()/irate()/increase() are applied to. */
function ratedMetrics(expr: string): string[] {
  return [...stripStrings(expr).matchAll(/\b(?:rate|irate|increase)\s*\(\s*([a-zA-Z_:][\w:]*)/g)].map((m) => m[1]!);
}

// ---- Files --------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

interface Target { refId?: string; expr?: string; datasource?: { type?: string; uid?: string }; hide?: boolean }
interface Panel {
  id?: number; type?: string; title?: string; description?: string; repeat?: string; collapsed?: boolean;
  gridPos?: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[]; panels?: Panel[];
  fieldConfig?: { defaults?: { mappings?: Array<{ type: string; options: Record<string, { text?: string; color?: string }> }> } };
}
interface Dashboard { uid: string; title: string; schemaVersion: number; panels: Panel[]; templating?: { list: Array<Record<string, unknown>> } }

const all = filesUnder(GRAFANA);
const yamlFiles = all.filter((f) => /\.ya?ml$/.test(f));
const jsonFiles = all.filter((f) => f.endsWith('.json'));
const rel = (f: string) => path.relative(ROOT, f);
const yamlOf = (f: string) => parseYaml(readFileSync(f, 'utf8')) as Record<string, unknown>;
const dashboards = jsonFiles.map((f) => ({ file: rel(f), d: JSON.parse(readFileSync(f, 'utf8')) as Dashboard }));

function datasourceUid(): string {
  const file = path.join(GRAFANA, 'provisioning/datasources/prometheus.yml');
  const ds = (yamlOf(file).datasources as Array<Record<string, unknown>>).filter((d) => d.type === 'prometheus');
  expect(ds).toHaveLength(1);
  return String(ds[0]!.uid);
}

/** Every panel, with rows' own children (collapsed rows keep them inside). */
function flatPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** The panels a row owns: its children if collapsed, else those after it up to the next row. */
function rowChildren(d: Dashboard, row: Panel): Panel[] {
  if (row.collapsed) return row.panels ?? [];
  const start = d.panels.indexOf(row) + 1;
  const next = d.panels.findIndex((p, i) => i >= start && p.type === 'row');
  return d.panels.slice(start, next === -1 ? undefined : next);
}

const exprsOf = (p: Panel) => (p.targets ?? []).map((t) => t.expr ?? '');

// ---- Tests --------------------------------------------------------------------

describe('PromQL reader (the checks below rely on it)', () => {
  it('finds metric names and ignores functions, label names, strings, ranges and keywords', () => {
    const e = 'histogram_quantile(0.95, sum by (module, le) (rate(x_bucket{module=~"$module",a="b(c"}[$__rate_interval]))) / on (job) group_left y_total or vector(1e3)';
    expect(metricNames(e).sort()).toEqual(['x_bucket', 'y_total']);
    expect(metricNames('process_resident_memory_bytes and on (job, instance) nodejs_version_info').sort()).toEqual(['nodejs_version_info', 'process_resident_memory_bytes']);
    expect(ratedMetrics('sum(increase(a_total[5m])) + rate( b_bucket{x="y"}[1m])')).toEqual(['a_total', 'b_bucket']);
  });

  it('detects unbalanced brackets but not brackets inside label values', () => {
    expect(balanced('sum(rate(a{b="(("}[5m]))')).toBe(true);
    expect(balanced('sum(rate(a{b="c"}[5m])')).toBe(false);
    expect(balanced('sum(rate(a{b="c"]))')).toBe(false);
  });
});

describe('Grafana provisioning in deploy/grafana', () => {
  let known: Map<string, Kind>;

  beforeAll(async () => {
    const built = path.join(ROOT, 'dist/src/kernel/metrics.js');
    if (!existsSync(built)) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
    const mod = (await import(pathToFileURL(built).href)) as {
      createMetrics: () => { registry: { getMetricsAsJSON(): Promise<Array<{ name: string; type: string }>> } };
    };
    const metrics = await mod.createMetrics().registry.getMetricsAsJSON();
    known = new Map(Object.entries(NODE_EXPORTER));
    for (const { name, type } of metrics) {
      if (type === 'histogram') {
        known.set(name, 'histogram');
        for (const suffix of ['_bucket', '_sum', '_count']) known.set(name + suffix, 'counter');
      } else known.set(name, type === 'counter' ? 'counter' : 'gauge');
    }
    for (const name of PROM_CLIENT_DEFAULTS) expect(known.has(name), `prom-client default ${name} not in the registry`).toBe(true);
  });

  it('holds a datasource, a dashboard provider and at least one dashboard, all parseable', () => {
    expect(yamlFiles.map(rel).sort()).toEqual(expect.arrayContaining([
      'deploy/grafana/provisioning/dashboards/bilik.yml',
      'deploy/grafana/provisioning/datasources/prometheus.yml',
    ]));
    for (const f of yamlFiles) expect(yamlOf(f), rel(f)).toMatchObject({ apiVersion: 1 });
    expect(dashboards.map((x) => x.file)).toContain('deploy/grafana/dashboards/bilik.json');
    const uids = dashboards.map((x) => x.d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('provisions one Prometheus datasource with a fixed uid at the compose service address', () => {
    const ds = (yamlOf(path.join(GRAFANA, 'provisioning/datasources/prometheus.yml')).datasources as Array<Record<string, unknown>>)[0]!;
    expect(ds).toMatchObject({ type: 'prometheus', access: 'proxy', url: 'http://prometheus:9090' });
    expect(datasourceUid()).toMatch(/^[\w-]{1,40}$/);
  });

  it('loads dashboards from a file provider whose path the README tells operators to mount', () => {
    const providers = yamlOf(path.join(GRAFANA, 'provisioning/dashboards/bilik.yml')).providers as Array<{ type: string; options: { path: string } }>;
    expect(providers.length).toBeGreaterThan(0);
    const readme = readFileSync(path.join(GRAFANA, 'README.md'), 'utf8');
    for (const p of providers) {
      expect(p.type).toBe('file');
      expect(p.options.path).toMatch(/^\//);
      expect(readme).toContain(p.options.path);
    }
  });

  for (const { file, d } of dashboards) {
    describe(file, () => {
      const panels = flatPanels(d);
      const queryPanels = panels.filter((p) => p.type !== 'row');
      const templateVars = new Set((d.templating?.list ?? []).map((v) => String(v.name)));

      it('has a uid, a title and a current schema version', () => {
        expect(d.uid).toMatch(/^[\w-]{1,40}$/);
        expect(d.title).toBeTruthy();
        expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
      });

      it('gives every panel a unique id, a title and a place on the 24-column grid without overlaps', () => {
        const ids = panels.map((p) => p.id);
        expect(ids.every((id) => Number.isInteger(id))).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        for (const p of panels) {
          expect(p.title, `panel ${p.id}`).toBeTruthy();
          const g = p.gridPos!;
          expect(g, `gridPos of "${p.title}"`).toBeDefined();
          expect([g.x, g.y, g.w, g.h].every((n) => Number.isInteger(n) && n >= 0), p.title).toBe(true);
          expect(g.w > 0 && g.h > 0 && g.x + g.w <= 24, p.title).toBe(true);
        }
        for (const [i, a] of panels.entries()) {
          for (const b of panels.slice(i + 1)) {
            const A = a.gridPos!, B = b.gridPos!;
            const overlap = A.x < B.x + B.w && B.x < A.x + A.w && A.y < B.y + B.h && B.y < A.y + A.h;
            expect(overlap, `"${a.title}" overlaps "${b.title}"`).toBe(false);
          }
        }
      });

      it('describes for every query panel what an operator does when it looks bad', () => {
        for (const p of queryPanels) expect(p.description?.length ?? 0, `"${p.title}" needs a description`).toBeGreaterThan(80);
      });

      it('queries only the provisioned datasource, by uid', () => {
        const uid = datasourceUid();
        for (const p of queryPanels) {
          expect(p.datasource, `"${p.title}"`).toEqual({ type: 'prometheus', uid });
          for (const t of p.targets ?? []) if (t.datasource) expect(t.datasource, `"${p.title}" ${t.refId}`).toEqual({ type: 'prometheus', uid });
        }
        for (const v of d.templating?.list ?? []) if (v.type === 'query') expect(v.datasource, `variable ${String(v.name)}`).toEqual({ type: 'prometheus', uid });
      });

      it('gives every target a unique refId and a non-empty, balanced expression using known variables', () => {
        for (const p of queryPanels) {
          const targets = p.targets ?? [];
          expect(targets.length, `"${p.title}" has no targets`).toBeGreaterThan(0);
          const refIds = targets.map((t) => t.refId);
          expect(refIds.every((r) => typeof r === 'string' && r.length > 0), p.title).toBe(true);
          expect(new Set(refIds).size, p.title).toBe(refIds.length);
          for (const t of targets) {
            const where = `"${p.title}" ${t.refId}: ${t.expr}`;
            expect(t.expr?.trim(), where).toBeTruthy();
            expect(balanced(t.expr!), where).toBe(true);
            for (const [, v] of t.expr!.matchAll(/\$\{?(\w+)/g)) expect(GRAFANA_VARIABLES.has(v!) || templateVars.has(v!), `${where}: unknown $${v}`).toBe(true);
            // Fixed windows break at other scrape intervals and zoom levels.
            for (const [range] of stripStrings(t.expr!).matchAll(/\[[^\]]*\]/g)) expect(range, where).toBe('[$__rate_interval]');
          }
        }
      });

      it('names only metrics that Bilik, prom-client defaults or node-exporter export, and rates only counters', () => {
        const unknown: string[] = [];
        const ratedGauges: string[] = [];
        for (const p of queryPanels) {
          for (const e of exprsOf(p)) {
            for (const n of metricNames(e)) if (!known.has(n)) unknown.push(`${p.title}: ${n}`);
            for (const n of ratedMetrics(e)) if (known.get(n) !== 'counter') ratedGauges.push(`${p.title}: ${n}`);
          }
        }
        expect(unknown).toEqual([]);
        expect(ratedGauges).toEqual([]);
      });

      it('computes quantiles from _bucket series aggregated by le', () => {
        for (const p of queryPanels) {
          for (const e of exprsOf(p).filter((x) => x.includes('histogram_quantile'))) {
            expect(metricNames(e).some((n) => n.endsWith('_bucket')), e).toBe(true);
            expect(e, e).toMatch(/\bby\s*\([^)]*\ble\b[^)]*\)/);
          }
        }
      });
    });
  }

  describe('deploy/grafana/dashboards/bilik.json', () => {
    const d = dashboards.find((x) => x.file.endsWith('/bilik.json'))!.d;
    const queryPanels = flatPanels(d).filter((p) => p.type !== 'row');
    const panel = (title: RegExp) => {
      const found = queryPanels.filter((p) => title.test(p.title ?? ''));
      expect(found.length, `no panel titled ${title}`).toBeGreaterThan(0);
      return found[0]!;
    };
    const uses = (p: Panel, ...needles: string[]) => {
      const all = exprsOf(p).join('\n');
      for (const n of needles) expect(all, `"${p.title}" should use ${n}`).toContain(n);
    };

    it('has uid "bilik" and a multi-value `module` variable with All, from the request counter', () => {
      expect(d.uid).toBe('bilik');
      const v = d.templating!.list.find((x) => x.name === 'module')!;
      expect(v).toMatchObject({ type: 'query', multi: true, includeAll: true });
      expect(JSON.stringify(v.query)).toContain('label_values(bilik_http_requests_total, module)');
    });

    it('shows the eight signals staff and operators need', () => {
      uses(panel(/^requests per second/i), 'bilik_http_requests_total');
      uses(panel(/^p95 latency/i), 'histogram_quantile(0.95', 'bilik_http_request_duration_seconds_bucket', 'by (module, le)');
      uses(panel(/^error rate/i), 'status="4xx"', 'status="5xx"');
      uses(panel(/^db latency p95$/i), 'histogram_quantile(0.95', 'bilik_db_query_duration_seconds_bucket');
      uses(panel(/^cpu/i), 'process_cpu_seconds_total', 'node_cpu_seconds_total');
      uses(panel(/^memory/i), 'process_resident_memory_bytes', 'node_memory_');
      uses(panel(/^disk/i), 'node_filesystem_avail_bytes', 'node_filesystem_size_bytes');
      uses(panel(/^network/i), 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total');
      uses(panel(/event-loop lag/i), 'nodejs_eventloop_lag_p99_seconds');
      uses(panel(/event-loop utili[sz]ation/i), 'bilik_worker_event_loop_utilization');
    });

    it('repeats a row per module with breaker state, bulkhead load and restarts, all filtered by $module', () => {
      const rows = d.panels.filter((p) => p.type === 'row' && p.repeat === 'module');
      expect(rows).toHaveLength(1);
      const children = rowChildren(d, rows[0]!);
      const titled = (re: RegExp) => children.find((p) => re.test(p.title ?? ''));

      const breaker = titled(/breaker state/i)!;
      expect(breaker?.type).toBe('stat');
      uses(breaker, 'bilik_breaker_state');
      const mapped = Object.assign({}, ...(breaker.fieldConfig?.defaults?.mappings ?? []).filter((m) => m.type === 'value').map((m) => m.options)) as Record<string, { text?: string; color?: string }>;
      expect(Object.fromEntries(['0', '1', '2'].map((k) => [k, mapped[k]?.text]))).toEqual({ 0: 'closed', 1: 'half-open', 2: 'open' });
      expect(['0', '1', '2'].every((k) => !!mapped[k]?.color)).toBe(true);
      expect(mapped['0']!.color).not.toBe(mapped['2']!.color);

      uses(titled(/bulkhead/i)!, 'bilik_bulkhead_active', 'bilik_bulkhead_queued', 'bilik_bulkhead_shed_total');
      uses(titled(/restarts/i)!, 'bilik_worker_restarts_total', 'by (cause)');

      for (const p of children) {
        for (const e of exprsOf(p)) expect(e, `"${p.title}" in the module row`).toMatch(/module=~?"\$module"/);
      }
    });
  });
});
