// Small readers for the Prometheus text format and for docs/METRICS.md's tables,
// shared by the observability suites.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/server.js';

export interface Family {
  name: string;
  type: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

const SUFFIXES = ['_bucket', '_sum', '_count'];

function parseLabels(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return out;
}

/** Families by name, from `# TYPE` lines; histogram samples are grouped under their base name. */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      families.set(type[1]!, { name: type[1]!, type: type[2]!, samples: [] });
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    let fam = families.get(name);
    if (!fam) {
      const base = SUFFIXES.find((s) => name.endsWith(s));
      if (base) fam = families.get(name.slice(0, -base.length));
    }
    fam?.samples.push({ name, labels: parseLabels(m[2] ?? ''), value: Number(m[3]) });
  }
  return families;
}

export interface DocRow {
  name: string;
  type: string;
  labels: string[];
  meaning: string;
}

export const METRICS_DOC = path.join(ROOT, 'docs/METRICS.md');

/** Every `| \`name\` | type | labels | meaning |` row of the doc's metric tables. */
export function documentedMetrics(file = METRICS_DOC): Map<string, DocRow> {
  const rows = new Map<string, DocRow>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const [, nameCell, type, labelsCell, meaning] = cells;
    const name = /^`([a-zA-Z_:][a-zA-Z0-9_:]*)`$/.exec(nameCell!)?.[1];
    if (!name || !['counter', 'gauge', 'histogram', 'summary'].includes(type!)) continue;
    const labels = [...labelsCell!.matchAll(/`([a-zA-Z_][a-zA-Z0-9_]*)`/g)].map((x) => x[1]!);
    rows.set(name, { name, type: type!, labels, meaning: meaning! });
  }
  return rows;
}
