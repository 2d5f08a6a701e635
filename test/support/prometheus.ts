// A real Prometheus and node-exporter (Debian's packages, installed by
// `node scripts/setup.mjs --test`) on random loopback ports, each with its own
// temp dir, for the observability suites. Nothing listens beyond 127.0.0.1 and
// nothing is left behind: stop() ends the process and removes the dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
export const NODE_EXPORTER_BIN = '/usr/bin/prometheus-node-exporter';

export function requireBinaries(...bins: string[]): void {
  const missing = bins.filter((b) => !existsSync(b));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run \`node scripts/setup.mjs --test\` (npm test does) to install Debian's prometheus and prometheus-node-exporter`);
}

/** A port that was free a moment ago (the caller retries if someone takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Proc {
  proc: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  alive(): boolean;
  stop(): Promise<void>;
}

function launch(bin: string, args: string[], dir: string): Proc {
  const proc = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  let done = false;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => ((done = true), resolve(code))));
  for (const s of [proc.stdout!, proc.stderr!]) {
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      logs.push(...chunk.split('\n').filter(Boolean));
      if (logs.length > 2000) logs.splice(0, 1000);
    });
  }
  return {
    proc,
    logs,
    exited,
    alive: () => !done,
    async stop() {
      if (!done) proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls `url` until it answers 200; fails early with the process's last log lines if it dies. */
async function waitHttp(url: string, p: Proc, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!p.alive()) throw new Error(`${what} exited before it was ready:\n${p.logs.slice(-20).join('\n')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.text();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`${what} not ready at ${url} after ${timeoutMs} ms:\n${p.logs.slice(-20).join('\n')}`);
}

/** Starts a process on a random port, trying again on a new port if it cannot bind (a race with another process). */
async function startOnPort(what: string, readyPath: string, argsFor: (port: number) => string[], bin: string, dir: string): Promise<{ p: Proc; url: string }> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const p = launch(bin, argsFor(port), dir);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitHttp(`${url}${readyPath}`, p, what);
      return { p, url };
    } catch (err) {
      last = err;
      await p.stop();
      if (!/address already in use/i.test(String(err))) break;
    }
  }
  throw last;
}

export interface NodeExporter {
  url: string;
  /** host:port, for a scrape config. */
  target: string;
  stop(): Promise<void>;
}

export async function startNodeExporter(): Promise<NodeExporter> {
  requireBinaries(NODE_EXPORTER_BIN);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-node-exporter-'));
  const { p, url } = await startOnPort('node-exporter', '/metrics', (port) => [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], NODE_EXPORTER_BIN, dir);
  return {
    url,
    target: new URL(url).host,
    async stop() {
      await p.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PromResult {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: any };
}

export interface Prometheus {
  url: string;
  logs: string[];
  /** Instant query through the HTTP API; never throws on a PromQL error (status 'error'). */
  query(expr: string): Promise<PromResult>;
  /** Resolves once every scrape target is up and has been scraped at least `scrapes` times. */
  waitForScrapes(scrapes: number, timeoutMs?: number): Promise<void>;
  api<T = any>(pathAndQuery: string): Promise<T>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** job name → host:port targets. */
  jobs: Record<string, string[]>;
  /** Absolute paths of rule files to load (they are evaluated every second too). */
  ruleFiles?: string[];
  scrapeIntervalSec?: number;
}

export async function startPrometheus(o: PrometheusOptions): Promise<Prometheus> {
  requireBinaries(PROMETHEUS_BIN);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-prometheus-'));
  const interval = `${o.scrapeIntervalSec ?? 1}s`;
  // JSON is YAML: no YAML writer needed.
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: o.ruleFiles ?? [],
    scrape_configs: Object.entries(o.jobs).map(([job, targets]) => ({ job_name: job, static_configs: [{ targets }] })),
  };
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const args = (port: number) => [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    '--storage.tsdb.retention.time=1h',
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.console.templates=${dir}`,
    `--web.console.libraries=${dir}`,
    '--log.level=warn',
  ];
  let started: { p: Proc; url: string };
  try {
    started = await startOnPort('prometheus', '/-/ready', args, PROMETHEUS_BIN, dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { p, url } = started;
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${url}${pathAndQuery}`, { signal: AbortSignal.timeout(15_000) });
    return (await res.json()) as T;
  };
  const query = async (expr: string): Promise<PromResult> => {
    const res = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr }).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    return (await res.json()) as PromResult;
  };
  return {
    url,
    logs: p.logs,
    api,
    query,
    async waitForScrapes(scrapes, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      let seen = '';
      while (Date.now() < until) {
        const r = await query(`count_over_time(up[5m])`);
        const series = (r.data?.result ?? []) as Array<{ metric: Record<string, string>; value: [number, string] }>;
        const up = await query('up == 1');
        const upCount = (up.data?.result ?? []).length;
        seen = series.map((s) => `${s.metric.job}:${s.value[1]}`).join(' ') + ` up=${upCount}`;
        const targets = Object.values(o.jobs).flat().length;
        if (series.length === targets && upCount === targets && series.every((s) => Number(s.value[1]) >= scrapes)) return;
        await sleep(500);
      }
      throw new Error(`Prometheus did not scrape every target ${scrapes} times in ${timeoutMs} ms (${seen}):\n${p.logs.slice(-20).join('\n')}`);
    },
    async stop() {
      await p.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
