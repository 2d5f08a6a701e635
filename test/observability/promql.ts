// The PromQL the operator sees: expressions of the Grafana dashboards under
// deploy/grafana/ (panels nested in rows included) with Grafana's variables
// replaced, and the left-hand side of an alert's threshold comparison.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function jsonFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return jsonFilesUnder(p);
    return e.endsWith('.json') ? [p] : [];
  });
}

export interface PanelExpr {
  file: string;
  panel: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string; hide?: boolean }>;
  panels?: Panel[];
}

/** Every targets[].expr of every panel, rows' nested panels included. Files that are not dashboards give nothing. */
export function dashboardExprs(file: string): PanelExpr[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { panels?: Panel[]; dashboard?: { panels?: Panel[] } };
  const out: PanelExpr[] = [];
  const walk = (panels: Panel[] | undefined) => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) if (typeof t.expr === 'string' && t.expr.trim()) out.push({ file, panel: p.title ?? '(untitled)', expr: t.expr });
      walk(p.panels);
    }
  };
  walk(json.panels ?? json.dashboard?.panels);
  return out;
}

/**
 * Grafana's variables as Prometheus would see them for "All": interval
 * variables become 1m, anything else a regex matching every value (an equality
 * matcher on a variable becomes a regex matcher).
 */
export function substituteGrafanaVars(expr: string): string {
  return expr
    .replace(/\$\{?__(rate_interval|interval|range)\}?/g, '1m')
    .replace(/\$\{?__(interval_ms|range_ms)\}?/g, '60000')
    .replace(/\$\{?__range_s\}?/g, '60')
    .replace(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"(\$\{?[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}?|\[\[[a-zA-Z_][a-zA-Z0-9_]*\]\])"/g, '$1=~".*"')
    .replace(/\$\{[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[a-zA-Z_][a-zA-Z0-9_]*\]\]/g, '.*');
}

/** Splits at top level (outside (), [], {} and strings) on the given operator pattern. */
function splitTopLevel(expr: string, op: RegExp): { parts: string[]; ops: string[] } {
  const parts: string[] = [];
  const ops: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0) {
      const m = op.exec(expr.slice(i));
      if (m && m.index === 0) {
        parts.push(expr.slice(start, i));
        ops.push(m[0]);
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(expr.slice(start));
  return { parts: parts.map((p) => p.trim()), ops };
}

const SET_OP = /^\s(?:and|or|unless)\b(?:\s+(?:on|ignoring)\s*\([^)]*\))?/;
const COMPARISON = /^(?:==|!=|>=|<=|>|<)(?:\s*bool\b)?/;

/**
 * The expressions that must return data for an alert rule while all is well:
 * for each operand of a top-level and/or/unless, the side of its threshold
 * comparison that is not a number (the rule itself normally returns nothing).
 */
export function alertDataExprs(expr: string): string[] {
  const operands = splitTopLevel(expr.replace(/\s+/g, ' ').trim(), SET_OP).parts;
  return operands.map((operand) => {
    const { parts } = splitTopLevel(operand, COMPARISON);
    if (parts.length < 2) return operand;
    const [lhs, rhs] = [parts[0]!, parts.slice(1).join(' ')];
    return /^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(lhs) ? rhs : lhs;
  });
}
