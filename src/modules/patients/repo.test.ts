// The repository against a real (in-memory) SQLite database with the real
// migration: the search SQL, the MRN assignment and the NIK uniqueness are
// database behaviour, so they are tested against the database.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BilikError } from '../../kernel/index.js';
import { buildNik } from './identity.js';
import type { Sex } from './identity.js';
import { migrations } from './migrations/index.js';
import { countPatients, insertPatient, isEmpty, patientSummaries, updatePatient } from './repo.js';
import { NAME_SCAN_CAP, nameSearchQuery, searchPatients } from './search.js';
import type { PatientsDb } from './repo.js';
import { patientSchema } from './schemas.js';
import { classifyQuery } from './search-query.js';
import { seedDemoPatients, DEMO_PATIENT_COUNT } from './seed.js';

let sqlite: Database.Database;
let db: PatientsDb;

beforeEach(async () => {
  sqlite = new Database(':memory:');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  for (const m of migrations) await m.up(db);
});

afterEach(async () => {
  await db.destroy();
});

let serial = 1;
function person(fullName: string, sex: Sex = 'M', birthDate = '1985-08-17') {
  return patientSchema.parse({ nik: buildNik('317101', birthDate, sex, serial++), fullName, sex, birthDate, payer: 'general' });
}

async function names(q: string, page = 1, pageSize = 20) {
  const { rows, hasMore } = await searchPatients(db, classifyQuery(q), page, pageSize);
  return { names: rows.map((r) => r.full_name), hasMore };
}

describe('insertPatient', () => {
  it('assigns RM- + zero-padded id in the same transaction', async () => {
    const a = await insertPatient(db, person('Budi Santoso'), 7);
    const b = await insertPatient(db, person('Sukarni', 'F'), 7);
    expect(a.mrn).toBe(`RM-${String(a.id).padStart(6, '0')}`);
    expect(b.mrn).toBe('RM-000002');
    expect(a.created_by).toBe(7);
    expect(a.name_search).toBe('budi santoso');
    expect(a.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  it('refuses a duplicate NIK with PATIENT_NIK_TAKEN naming the existing MRN, and stores nothing', async () => {
    const first = person('Budi Santoso');
    await insertPatient(db, first, 1);
    const err = await insertPatient(db, { ...person('Budi Lain'), nik: first.nik }, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BilikError);
    expect((err as BilikError).code).toBe('PATIENT_NIK_TAKEN');
    expect((err as BilikError).status).toBe(409);
    expect((err as BilikError).fields?.['nik']).toBe('patients.error.nik.taken');
    expect((err as BilikError).params).toEqual({ mrn: 'RM-000001' });
    expect(await countPatients(db)).toBe(1);
    expect(sqlite.prepare('select count(*) as n from patient_name_tokens').get()).toEqual({ n: 2 });
  });
});

describe('updatePatient', () => {
  it('writes only the given fields and re-tokenises a changed name', async () => {
    const p = await insertPatient(db, person('Budi Santoso'), 1);
    const u = await updatePatient(db, p.id, { fullName: 'Budi Hartono', phone: '+6281234567890' });
    expect(u).toMatchObject({ full_name: 'Budi Hartono', phone: '+6281234567890', nik: p.nik, mrn: p.mrn });
    expect((await names('santo')).names).toEqual([]);
    expect((await names('harto')).names).toEqual(['Budi Hartono']);
  });

  it('answers undefined for an unknown id and 409 for a NIK held by someone else', async () => {
    const a = await insertPatient(db, person('Budi Santoso'), 1);
    const b = await insertPatient(db, person('Agus Salim'), 1);
    expect(await updatePatient(db, 999, { fullName: 'X' })).toBeUndefined();
    await expect(updatePatient(db, b.id, { nik: a.nik })).rejects.toMatchObject({ code: 'PATIENT_NIK_TAKEN' });
    expect(await updatePatient(db, a.id, { nik: a.nik })).toBeDefined();
  });
});

describe('searchPatients', () => {
  beforeEach(async () => {
    for (const n of ['Siti Aminah', 'Aminah Siti Sari', 'Sukarni', 'José Ramos', "Hj. Nur'aini", 'Budi Santoso', 'Siti Sri Sumarni']) {
      await insertPatient(db, person(n), 1);
    }
  });

  it('finds a prefix of any word, case- and accent-insensitively', async () => {
    expect((await names('ami')).names.sort()).toEqual(['Aminah Siti Sari', 'Siti Aminah']);
    expect((await names('SANTO')).names).toEqual(['Budi Santoso']);
    expect((await names('jose')).names).toEqual(['José Ramos']);
    expect((await names('nura')).names).toEqual(["Hj. Nur'aini"]);
    expect((await names('zzz')).names).toEqual([]);
  });

  it('lists a patient once even when two of its words match', async () => {
    expect((await names('s')).names.filter((n) => n === 'Siti Sri Sumarni')).toHaveLength(1);
  });

  it('requires every word of a multi-word query', async () => {
    expect((await names('siti ami')).names.sort()).toEqual(['Aminah Siti Sari', 'Siti Aminah']);
    expect((await names('siti sar')).names).toEqual(['Aminah Siti Sari']);
    expect((await names('siti budi')).names).toEqual([]);
  });

  it('finds by NIK, NIK prefix and MRN', async () => {
    const row = await db.selectFrom('patients').selectAll().where('full_name', '=', 'Sukarni').executeTakeFirstOrThrow();
    expect((await names(row.nik)).names).toEqual(['Sukarni']);
    expect((await names('317101')).names).toHaveLength(7);
    expect((await names(`rm-${row.id}`)).names).toEqual(['Sukarni']);
    expect((await names(row.mrn!)).names).toEqual(['Sukarni']);
  });

  it('lists newest first and paginates with hasMore', async () => {
    const p1 = await names('', 1, 3);
    const p2 = await names('', 2, 3);
    const p3 = await names('', 3, 3);
    expect(p1).toEqual({ names: ['Siti Sri Sumarni', 'Budi Santoso', "Hj. Nur'aini"], hasMore: true });
    expect(p2.hasMore).toBe(true);
    expect(p3).toEqual({ names: ['Siti Aminah'], hasMore: false });
  });

  it('paginates a name search without repeating or skipping anyone', async () => {
    const all = (await names('s', 1, 50)).names;
    const paged = [...(await names('s', 1, 2)).names, ...(await names('s', 2, 2)).names, ...(await names('s', 3, 2)).names, ...(await names('s', 4, 2)).names];
    expect(paged).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it.each([
    ['one word', 'sit', []],
    ['two words', 'aminah', ['si']],
  ])('searches %s through the token index, never a table scan or a sort', (_label, drive, others) => {
    const { sql, parameters } = nameSearchQuery(db, drive, others as string[], 21, 40).compile();
    const rows = sqlite.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Array<{ detail: string }>;
    const plan = rows.map((r) => r.detail).join('\n');
    expect(plan).toMatch(/patient_name_tokens_token_idx/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).not.toMatch(/SCAN (p|patients)\b(?! USING)/);
  });
});

describe('searchPatients at the scan cap', () => {
  it('drives a multi-word search by its rarest word, and flags a search too broad to finish', async () => {
    // NAME_SCAN_CAP + 1 patients sharing the word "Umum", written directly (fast).
    const insert = sqlite.prepare(
      "insert into patients (mrn, nik, full_name, name_search, sex, birth_date, payer, created_at, updated_at) values (?, ?, ?, ?, 'M', '1985-08-17', 'general', 'x', 'x')",
    );
    const token = sqlite.prepare('insert into patient_name_tokens (patient_id, token) values (?, ?)');
    sqlite.transaction(() => {
      for (let i = 1; i <= NAME_SCAN_CAP + 1; i++) {
        const id = Number(insert.run(`RM-${i}`, `nik-${i}`, `Umum ${i}`, `umum ${i}`).lastInsertRowid);
        token.run(id, 'umum');
      }
    })();
    const rare = await insertPatient(db, person('Umum Langka'), 1);

    // "umum" alone: one bounded page, nothing flagged.
    const broad = await searchPatients(db, classifyQuery('umum'), 1, 20);
    expect(broad).toMatchObject({ hasMore: true, incomplete: false });
    expect(broad.rows).toHaveLength(20);

    // "umum lang": the rare word drives, so the match is found past the cap.
    const found = await searchPatients(db, classifyQuery('umum lang'), 1, 20);
    expect(found.rows.map((r) => r.id)).toEqual([rare.id]);
    expect(found.incomplete).toBe(false);

    // Both words past the cap: the answer may be partial, and says so.
    const partial = await searchPatients(db, classifyQuery('umum u'), 1, 20);
    expect(partial.incomplete).toBe(true);
  });
});

describe('contract queries and seeding', () => {
  it('returns summaries in the order asked, once each, skipping unknown ids', async () => {
    const a = await insertPatient(db, person('Budi Santoso'), 1);
    const b = await insertPatient(db, person('Sukarni', 'F', '1948-03-17'), 1);
    const s = await patientSummaries(db, [b.id, 999, a.id, b.id]);
    expect(s).toEqual([
      { id: b.id, mrn: b.mrn, fullName: 'Sukarni', sex: 'F', birthDate: '1948-03-17', payer: 'general' },
      { id: a.id, mrn: a.mrn, fullName: 'Budi Santoso', sex: 'M', birthDate: '1985-08-17', payer: 'general' },
    ]);
    expect(await patientSummaries(db, [])).toEqual([]);
  });

  it('seeds valid demo patients into an empty table', async () => {
    expect(await isEmpty(db)).toBe(true);
    expect(await seedDemoPatients(db)).toBe(DEMO_PATIENT_COUNT);
    expect(await countPatients(db)).toBe(DEMO_PATIENT_COUNT);
    expect(await isEmpty(db)).toBe(false);
    expect((await names('sukarni')).names).toEqual(['Sukarni']);
  });
});

describe('writes and their audit entries', () => {
  const auditRows = async () => (await (db as any).selectFrom('audit_log').selectAll().orderBy('id').execute()) as Array<Record<string, unknown>>;
  const ctx = { user: { id: 7, username: 'dewi', fullName: 'Dewi', roles: ['front_desk' as const], permissions: [], role: 'front_desk' as const } };

  it('writes the entry in the write’s transaction, with who and in which role', async () => {
    const { auditInTransaction } = await import('./audit.js');
    const p = await insertPatient(db, person('Budi Santoso'), 7, new Date(), auditInTransaction(ctx as any, 'create'));
    await updatePatient(db, p.id, { phone: '+6281234567890' }, new Date(), auditInTransaction(ctx as any, 'update'));
    expect((await auditRows()).map((r) => [r['action'], r['patient_id'], r['username'], r['role'], r['entity']])).toEqual([
      ['create', p.id, 'dewi', 'front_desk', 'patient'],
      ['update', p.id, 'dewi', 'front_desk', 'patient'],
    ]);
  });

  it('leaves no entry when the write fails (duplicate NIK), and no write when the entry fails', async () => {
    const { auditInTransaction } = await import('./audit.js');
    const first = person('Budi Santoso');
    await insertPatient(db, first, 7);
    await expect(insertPatient(db, { ...person('Budi Lain'), nik: first.nik }, 7, new Date(), auditInTransaction(ctx as any, 'create'))).rejects.toThrow();
    expect(await auditRows()).toEqual([]);
    const failing = async () => {
      throw new Error('audit store unavailable');
    };
    await expect(insertPatient(db, person('Sukarni', 'F', '1948-03-17'), 7, new Date(), failing)).rejects.toThrow('audit store unavailable');
    expect(await countPatients(db)).toBe(1);
  });

  it('refuses to rewrite history (SQLite triggers)', async () => {
    const { auditInTransaction } = await import('./audit.js');
    await insertPatient(db, person('Budi Santoso'), 7, new Date(), auditInTransaction(ctx as any, 'create'));
    await expect((db as any).updateTable('audit_log').set({ username: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect((db as any).deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(await auditRows()).toHaveLength(1);
  });
});
