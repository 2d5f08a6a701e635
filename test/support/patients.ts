// Helpers shared by the patients integration suites: API and page requests
// against a running Bilik, valid NIKs for any birth date, and a direct row count
// of the module's own SQLite file ("nothing stored" means nothing in the database).
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { json, type Bilik } from './server.js';

export interface Session {
  b: Bilik;
  token: string;
  browser: { cookie: string; csrf: string };
}

/** Runs one read-only query on a module's own database (SQLite file or Postgres schema). */
export async function queryModule<T = Record<string, unknown>>(b: Bilik, module: string, text: string, params: unknown[] = []): Promise<T[]> {
  if (b.databaseUrl) {
    const client = new pg.Client({ connectionString: b.databaseUrl, options: `-c search_path=${module}` });
    await client.connect();
    try {
      let n = 0;
      return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(b.dataDir, `${module}.sqlite`), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Rows in a module's table, read from its own database (SQLite file or Postgres schema), not through the app. */
export async function countTable(b: Bilik, module: string, table: string): Promise<number> {
  if (b.databaseUrl) {
    const client = new pg.Client({ connectionString: b.databaseUrl });
    await client.connect();
    try {
      const r = await client.query(`select count(*)::int as n from "${module}"."${table}"`);
      return r.rows[0].n as number;
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(b.dataDir, `${module}.sqlite`), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `current` is read at call time, so the helpers can be made before beforeAll runs. */
export function patientsHelpers(current: () => Session) {
  let serial = 1;
  const auth = (t = current().token) => ({ authorization: `Bearer ${t}` });
  const api = (method: string, p: string, body?: unknown, t = current().token) =>
    fetch(`${current().b.url}${p}`, {
      method,
      redirect: 'manual',
      headers: { ...auth(t), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const page = (p: string, headers: Record<string, string> = {}) =>
    fetch(`${current().b.url}${p}`, { redirect: 'manual', headers: { cookie: current().browser.cookie, ...headers } });
  const countRows = (): Promise<number> => countTable(current().b, 'patients', 'patients');
  /** NIK digits 7-12 from a birth date and sex (+40 on the day for women); region and serial vary per test. */
  const nikFor = (birthDate: string, sex: 'M' | 'F', region = '317101'): string => {
    const [y, m, d] = birthDate.split('-');
    const day = Number(d) + (sex === 'F' ? 40 : 0);
    return `${region}${String(day).padStart(2, '0')}${m}${y!.slice(2)}${String(serial++).padStart(4, '0')}`;
  };
  const patient = (over: Record<string, unknown> = {}) => {
    const sex = (over['sex'] as 'M' | 'F') ?? 'M';
    const birthDate = (over['birthDate'] as string) ?? '1985-08-17';
    return { nik: nikFor(birthDate, sex), fullName: 'Budi Santoso', sex, birthDate, payer: 'general', ...over };
  };
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/v1/patients', patient(over));
    expect(res.status, await res.clone().text()).toBe(201);
    return json(res);
  };
  return { auth, api, page, countRows, nikFor, patient, create };
}
