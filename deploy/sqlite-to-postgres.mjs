#!/usr/bin/env node
// The first step off the single binary: copy a clinic's SQLite data (DATA_DIR,
// one <module>.sqlite per module) into Postgres (one schema per module), once.
//
//   node deploy/sqlite-to-postgres.mjs <sqlite-data-dir> [postgres-url]   (default: DATABASE_URL)
//
// Before: stop Bilik on SQLite (or copy a backup snapshot: `bilik backup` writes the
// same files), and start Bilik once against the empty Postgres and stop it again, so
// every module's migrations have created its schema. The target must be empty except
// for the first admin that start created; it is replaced by the clinic's accounts.
// Both sides must be at the same migrations (same Bilik version). Each module is
// copied in one transaction: a failure leaves that module's schema as it was.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

const say = (m) => process.stderr.write(`${m}\n`);
const q = (id) => `"${id.replace(/"/g, '""')}"`;
const BATCH = 500;
// The kernel's migration bookkeeping (src/kernel/db/migrate.ts): compared, never copied.
const MIGRATIONS = 'bilik_migrations';

/** Tables in an order where every table comes after the tables it references. */
function byDependencies(tables, fks) {
  const out = [];
  const seen = new Set();
  const visit = (t, stack = new Set()) => {
    if (seen.has(t) || stack.has(t)) return;
    stack.add(t);
    for (const fk of fks) if (fk.child === t && fk.parent !== t && tables.includes(fk.parent)) visit(fk.parent, stack);
    seen.add(t);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

async function copyModule(client, sqlite, schema) {
  const exists = await client.query('select 1 from information_schema.schemata where schema_name = $1', [schema]);
  if (exists.rowCount === 0) throw new Error(`schema ${schema} is missing in Postgres: start Bilik once with DATABASE_URL set (so migrations run), stop it, then run this again`);
  const sqliteMigrations = sqlite.prepare("select name from sqlite_master where type = 'table' and name = ?").get(MIGRATIONS)
    ? sqlite.prepare(`select name from ${q(MIGRATIONS)} order by name`).all().map((r) => r.name)
    : [];
  const pgHas = (await client.query('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [schema, MIGRATIONS])).rowCount > 0;
  const pgMigrations = pgHas ? (await client.query(`select name from ${q(schema)}.${q(MIGRATIONS)} order by name`)).rows.map((r) => r.name) : [];
  if (JSON.stringify(sqliteMigrations) !== JSON.stringify(pgMigrations)) {
    throw new Error(`${schema}: migrations differ (SQLite: ${sqliteMigrations.join(', ') || 'none'}; Postgres: ${pgMigrations.join(', ') || 'none'}): run the same Bilik version on both`);
  }
  const pgTables = (
    await client.query("select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like $2", [schema, `${MIGRATIONS}%`])
  ).rows.map((r) => r.table_name);
  const sqliteTables = new Set(sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'").all().map((r) => r.name));
  for (const t of pgTables) if (!sqliteTables.has(t)) throw new Error(`${schema}.${t} exists in Postgres but not in the SQLite file`);
  const fks = (
    await client.query(
      "select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f' and connamespace = $1::regnamespace",
      [schema],
    )
  ).rows.map((r) => ({ child: r.child.split('.').pop().replace(/"/g, ''), parent: r.parent.split('.').pop().replace(/"/g, '') }));
  const order = byDependencies(pgTables.sort(), fks);

  // Empty apart from the first admin a one-time start created (staff.users / user_roles).
  for (const t of order) {
    const n = Number((await client.query(`select count(*) as n from ${q(schema)}.${q(t)}`)).rows[0].n);
    const firstAdmin = schema === 'staff' && ['users', 'user_roles'].includes(t) && n <= 1;
    if (n > 0 && !firstAdmin) throw new Error(`${schema}.${t} already holds ${n} rows: the target must be a fresh installation`);
  }

  const report = [];
  await client.query('begin');
  try {
    for (const t of [...order].reverse()) await client.query(`delete from ${q(schema)}.${q(t)}`);
    for (const t of order) {
      const pgCols = (
        await client.query(
          'select column_name, is_nullable, column_default, is_identity, is_generated from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
          [schema, t],
        )
      ).rows;
      const liteCols = new Set(sqlite.prepare(`select name from pragma_table_info(?)`).all(t).map((r) => r.name));
      const cols = pgCols.filter((c) => c.is_generated !== 'ALWAYS' && liteCols.has(c.column_name)).map((c) => c.column_name);
      for (const c of pgCols) {
        if (!liteCols.has(c.column_name) && c.is_nullable === 'NO' && c.column_default === null && c.is_identity !== 'YES' && c.is_generated !== 'ALWAYS') {
          throw new Error(`${schema}.${t}.${c.column_name} is required in Postgres and missing in SQLite`);
        }
      }
      let rows = 0;
      let batch = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch.map((_, i) => `(${cols.map((__, j) => `$${i * cols.length + j + 1}`).join(', ')})`).join(', ');
        await client.query(`insert into ${q(schema)}.${q(t)} (${cols.map(q).join(', ')}) values ${values}`, batch.flat());
        rows += batch.length;
        batch = [];
      };
      const stmt = sqlite.prepare(`select ${cols.map(q).join(', ')} from ${q(t)}`).raw(true);
      for (const row of stmt.iterate()) {
        batch.push(row.map((v) => (typeof v === 'bigint' ? v.toString() : v)));
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      // Ids were copied as they were: move each identity/serial sequence past the highest one.
      for (const c of pgCols.filter((x) => x.is_identity === 'YES' || String(x.column_default ?? '').startsWith('nextval('))) {
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${q(c.column_name)}) from ${q(schema)}.${q(t)}), 0) + 1, false)`,
          [`${q(schema)}.${q(t)}`, c.column_name],
        );
      }
      const expected = sqlite.prepare(`select count(*) as n from ${q(t)}`).get().n;
      if (rows !== expected) throw new Error(`${schema}.${t}: copied ${rows} of ${expected} rows`);
      report.push(`${t} ${rows}`);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
  const skipped = [...sqliteTables].filter((t) => !pgTables.includes(t) && !t.startsWith(MIGRATIONS));
  return { report, skipped };
}

async function main() {
  const [dir, urlArg] = process.argv.slice(2);
  const url = urlArg ?? process.env.DATABASE_URL;
  if (!dir || !url || dir === '--help') {
    say('usage: node deploy/sqlite-to-postgres.mjs <sqlite-data-dir> [postgres-url]   (default: DATABASE_URL)');
    return 2;
  }
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite')).sort() : [];
  if (files.length === 0) {
    say(`no <module>.sqlite files in ${dir}`);
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const f of files) {
      const schema = path.basename(f, '.sqlite');
      const sqlite = new Database(path.join(dir, f), { readonly: true, fileMustExist: true });
      try {
        const { report, skipped } = await copyModule(client, sqlite, schema);
        say(`${schema}: ${report.join(', ') || 'no tables'}${skipped.length ? ` (SQLite-only, not copied: ${skipped.join(', ')})` : ''}`);
      } finally {
        sqlite.close();
      }
    }
  } finally {
    await client.end();
  }
  say('done: start Bilik with DATABASE_URL set.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(`sqlite-to-postgres failed: ${err?.message ?? err}`);
    process.exit(1);
  },
);
