// Write-load helpers for the durability and concurrency suites: an endless supply
// of distinct, valid patients and staff accounts (every NIK unique, its date part
// matching the birth date and sex), plain API calls that never throw on a status,
// log scanning for database contention, and dropping a kept Postgres database.
import pg from 'pg';
import { inject } from 'vitest';
import type { Bilik } from './server.js';

/** 0 → "Aa", 1 → "Ab", …: letters only, because names may not contain digits. */
export function lettersOf(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  s = s.padStart(3, 'a');
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * Patient number i, distinct from every other i: region (province 11–99) and
 * serial (1–9999) together encode i, so NIKs never collide below ~890 000.
 * Payer, phone and address vary so every optional column gets written.
 */
export function uniquePatient(i: number, surname: string): Record<string, string> {
  const sex = i % 2 ? 'F' : 'M';
  const year = 1940 + (i % 80);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const nikDay = String(sex === 'F' ? day + 40 : day).padStart(2, '0');
  const province = 11 + (Math.floor(i / 9999) % 89);
  const serial = String(1 + (i % 9999)).padStart(4, '0');
  const nik = `${province}7101${nikDay}${mm}${String(year % 100).padStart(2, '0')}${serial}`;
  const p: Record<string, string> = { nik, fullName: `${lettersOf(i)} ${surname}`, sex, birthDate: `${year}-${mm}-${dd}`, payer: 'general' };
  switch (i % 3) {
    case 1:
      p.payer = 'bpjs';
      p.bpjsNumber = String(1_000_000_000_000 + i);
      break;
    case 2:
      p.payer = 'insurance';
      p.insurerName = 'Asuransi Sehat';
      p.policyNumber = `POL-${i}`;
      break;
  }
  if (i % 4 === 0) p.phone = `0812${String(10_000_000 + i).slice(-8)}`;
  if (i % 5 === 0) p.address = `Jl. Melati No. ${i}, Jakarta`;
  return p;
}

const ROLES = ['doctor', 'nurse', 'front_desk', 'cashier'] as const;

export function uniqueStaff(i: number, prefix: string): { username: string; fullName: string; password: string; roles: string[] } {
  return { username: `${prefix}${i}`, fullName: `Staf ${lettersOf(i)}`, password: `Sandi-${i}-Kuat!x`, roles: [ROLES[i % ROLES.length]!] };
}

export interface Reply {
  status: number;
  body: any;
  text: string;
}

/** POST JSON with a bearer token; resolves with the status and parsed body (never throws on a status). */
export async function postJson(url: string, token: string, path: string, body: unknown): Promise<Reply> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, text };
}

export async function getJson(url: string, token: string, path: string): Promise<Reply> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text };
}

/** Runs fn over items with at most `width` calls in flight. */
export async function mapLimit<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Log lines that betray database contention, pool exhaustion, shedding or a server error. */
export function contentionLines(logs: readonly string[]): string[] {
  return logs.filter(
    (l) =>
      l.includes('SQLITE_BUSY') ||
      l.includes('SQLITE_LOCKED') ||
      l.includes('timeout exceeded when trying to connect') ||
      l.includes('MODULE_OVERLOADED') ||
      /"status":5\d\d/.test(l) ||
      /"level":(50|60)/.test(l),
  );
}

/** Drops a Postgres database kept with keepData (restart tests), from the test server's admin URL. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

/** One sample of a Prometheus gauge/counter by name and exact label set; undefined when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const m = /^[^{]+\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const got = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    const want = Object.entries(labels);
    if (want.length === Object.keys(got).length && want.every(([k, v]) => got[k] === v)) return Number(m[2]);
  }
  return undefined;
}

export type { Bilik };
