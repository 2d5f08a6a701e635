// The benchmark data: N patients written in-process by the patients module's own
// migrations and repository (insertPatient: the row, its MRN and name tokens, as
// a registration writes them), into one SQLite file that every script copies.
// Also the patients the write benchmark registers (never colliding with these)
// and the search queries, all derived from the patient count.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely';
import { dist, option, progress, removeDir } from './common.mjs';

const { openSqlite } = await dist('src/kernel/db/open.js');
const { runMigrations } = await dist('src/kernel/db/migrate.js');
const { migrations } = await dist('src/modules/patients/migrations/index.js');
const { insertPatient } = await dist('src/modules/patients/repo.js');
const { buildNik } = await dist('src/modules/patients/identity.js');
const { formatMrn } = await dist('src/modules/patients/search-query.js');

const GIVEN = ['Siti', 'Budi', 'Agus', 'Dewi', 'Sri', 'Eko', 'Putri', 'Rina', 'Joko', 'Wayan', 'Made', 'Nur', 'Ahmad', 'Ratna', 'Yusuf', 'Indah', 'Bayu', 'Fitri', 'Hendra', 'Lestari'];
const FAMILY = ['Santoso', 'Rahmawati', 'Pratama', 'Wijaya', 'Hidayat', 'Saputra', 'Kusuma', 'Nugroho', 'Susanti', 'Halim', 'Siregar', 'Nasution', 'Harahap', 'Gunawan', 'Setiawan', 'Aminah', 'Purba', 'Sembiring', 'Tanjung', 'Lubis'];

/**
 * Seeded patient i (0-based; it gets id and MRN i + 1 in a fresh file). Region
 * 3171xx with xx = 10 + i % 80 and serial 1 + ⌊i / 80⌋ make every NIK distinct
 * below ~800 000 patients; one in 17 has a single-word name.
 */
export function person(i) {
  const sex = i % 2 ? 'F' : 'M';
  const y = 1940 + (i % 80);
  const m = 1 + (i % 12);
  const d = 1 + (i % 28);
  const dd = String(sex === 'F' ? d + 40 : d).padStart(2, '0');
  const nik = `3171${String(10 + (i % 80)).padStart(2, '0')}${dd}${String(m).padStart(2, '0')}${String(y % 100).padStart(2, '0')}${String(1 + (Math.floor(i / 80) % 9999)).padStart(4, '0')}`;
  const single = i % 17 === 0;
  const fullName = single ? `${GIVEN[i % 20]}${FAMILY[(i * 7) % 20].toLowerCase()}` : `${GIVEN[i % 20]} ${FAMILY[(i * 7) % 20]} ${FAMILY[(i * 3) % 20]}`;
  const birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const p = { nik, fullName, sex, birthDate, payer: i % 3 === 0 ? 'bpjs' : 'general' };
  if (i % 3 === 0) p.bpjsNumber = String(1000000000000 + i);
  return p;
}

/** Letters only (names may not hold digits): 0 → "Aaa", 1 → "Aab", … */
function lettersOf(i) {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  s = s.padStart(3, 'a');
  return s[0].toUpperCase() + s.slice(1);
}

/**
 * A new patient for the write benchmark, as test/support/writes.ts uniquePatient
 * builds them: region NN7101 (never a seeded 3171xx region) and serial encode i,
 * so every i below ~890 000 is a distinct valid NIK; all three payers and the
 * optional fields vary, so every column is written.
 */
export function newPatient(i) {
  const sex = i % 2 ? 'F' : 'M';
  const year = 1940 + (i % 80);
  const mm = String(1 + (i % 12)).padStart(2, '0');
  const dd = String(1 + (i % 28)).padStart(2, '0');
  const birthDate = `${year}-${mm}-${dd}`;
  const region = `${11 + (Math.floor(i / 9999) % 89)}7101`;
  const p = { nik: buildNik(region, birthDate, sex, 1 + (i % 9999)), fullName: `${lettersOf(i)} ${FAMILY[i % 20]}`, sex, birthDate, payer: 'general' };
  if (i % 3 === 1) Object.assign(p, { payer: 'bpjs', bpjsNumber: String(1_000_000_000_000 + i) });
  if (i % 3 === 2) Object.assign(p, { payer: 'insurance', insurerName: 'Asuransi Sehat', policyNumber: `POL-${i}` });
  if (i % 4 === 0) p.phone = `0812${String(10_000_000 + i).slice(-8)}`;
  if (i % 5 === 0) p.address = `Jl. Melati No. ${i}, Jakarta`;
  return p;
}

/** Search queries by kind, picked across the whole seeded range so no single row stays hot. */
export function searchQueries(patients, perKind = 12) {
  const pick = (k) => Math.min(patients - 1, Math.floor(((k + 0.5) / perKind) * patients));
  const ks = Array.from({ length: perKind }, (_, k) => pick(k));
  return {
    'name prefix (1 word)': ['rahma', 'sant', 'prat', 'wij', 'hida', 'sapu', 'kusu', 'nugr', 'susa', 'sireg', 'nasu', 'harah'].slice(0, perKind),
    'name prefix (2 words)': ['siti nasu', 'budi wij', 'agus pra', 'dewi kus', 'sri hal', 'eko lub', 'putri sap', 'rina sir', 'joko tan', 'wayan gun', 'made set', 'nur ami'].slice(0, perKind),
    NIK: ks.map((k) => person(k).nik),
    MRN: ks.map((k) => formatMrn(k + 1)),
  };
}

/** The mixed read workload of the throughput benchmark: each kind once, plus the newest-first list. */
export function mixedQueries(patients) {
  const q = searchQueries(patients, 12);
  return [q['name prefix (1 word)'][0], q['name prefix (2 words)'][0], q.NIK[5], q.MRN[6], ''];
}

/**
 * insertPatient's own transaction becomes a savepoint inside a batch of
 * BATCH patients committed at once: the same statements, far fewer commits
 * (the seed is set-up, not what is measured).
 */
class SavepointDriver extends SqliteDriver {
  async beginTransaction(connection) {
    await connection.executeQuery(CompiledQuery.raw('savepoint seed'));
  }
  async commitTransaction(connection) {
    await connection.executeQuery(CompiledQuery.raw('release seed'));
  }
  async rollbackTransaction(connection) {
    await connection.executeQuery(CompiledQuery.raw('rollback to seed'));
    await connection.executeQuery(CompiledQuery.raw('release seed'));
  }
}
class SeedDialect extends SqliteDialect {
  constructor(cfg) {
    super(cfg);
    this.cfg = cfg;
  }
  createDriver() {
    return new SavepointDriver(this.cfg);
  }
}
const BATCH = 2000;

/** Writes `count` patients into a new SQLite file; returns the seconds it took. */
export async function seedPatients(file, count) {
  const sqlite = openSqlite(file, 'NORMAL');
  await runMigrations({ db: new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }), timings: [], close: async () => {} }, migrations, 'patients');
  const db = new Kysely({ dialect: new SeedDialect({ database: sqlite }) });
  const t0 = performance.now();
  for (let i = 0; i < count; i += BATCH) {
    // Sequential awaits: nothing else uses the connection while the batch is open.
    sqlite.exec('begin');
    for (let j = i; j < Math.min(count, i + BATCH); j++) await insertPatient(db, person(j), 1);
    sqlite.exec('commit');
  }
  const seconds = (performance.now() - t0) / 1000;
  // One self-contained file to copy: fold the WAL into it before closing.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.destroy();
  return seconds;
}

/**
 * The seeded file a script works on: `--seed <file>` (what run-all hands every
 * script, so all of them measure the same data) or a fresh one of `--patients`.
 */
export async function seedFile(patients) {
  const given = option('seed', '');
  if (given) {
    if (!existsSync(given)) throw new Error(`--seed ${given}: no such file`);
    return { file: given, seconds: null, cleanup: () => {} };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bilik-bench-seed-'));
  const file = path.join(dir, 'patients.sqlite');
  progress(`seeding ${patients} patients into ${file} …`);
  const seconds = await seedPatients(file, patients);
  progress(`seeded in ${seconds.toFixed(1)} s`);
  return { file, seconds, cleanup: () => removeDir(dir) };
}
