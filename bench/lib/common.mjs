// Small shared pieces of the benchmark scripts: options, statistics, Markdown
// tables, the .bench/ JSON files, and the machine the figures came from.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(ROOT, '.bench');

/** A module of the built app (run `npm run build` first; `npm run bench` does). */
export const dist = (p) => import(path.join(ROOT, 'dist', p));

/** `--name value` from argv, else the default; numbers when the default is a number. */
export function option(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return dflt;
  const raw = process.argv[i + 1];
  if (typeof dflt === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got "${raw}")`);
    return n;
  }
  return raw;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** q-quantile (0..1) of numbers by nearest rank; null for an empty list. */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (values) => quantile(values, 0.5);

/** ms with a sensible number of digits for a table cell; '—' for missing. */
export function ms(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v < 1) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return v.toFixed(0);
}
export const num = (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));
export const mib = (bytes) => (bytes === null || bytes === undefined ? '—' : (bytes / 1024 / 1024).toFixed(0));

/** A Markdown table from a header row and rows of cells; columns after the first right-aligned unless `left`. */
export function table(header, rows, left = false) {
  const align = header.map((_, i) => (i === 0 || left ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function writeJson(name, data) {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

export function readJson(name) {
  return JSON.parse(readFileSync(path.join(BENCH_DIR, `${name}.json`), 'utf8'));
}

/** The machine, for the report: figures only compare within one run on one machine. */
export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** A fresh data dir holding a copy of the seeded patients database (other modules start empty). */
export function dataDirWith(seedFile, label = 'run') {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bilik-bench-${label}-`));
  if (seedFile) cpSync(seedFile, path.join(dir, 'patients.sqlite'));
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** Progress goes to stderr, so stdout stays the Markdown report. */
export const progress = (msg) => process.stderr.write(`${msg}\n`);
