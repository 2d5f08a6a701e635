// Creates the patients table and the name-token index table. Written with the
// Kysely schema builder so the same migration runs on SQLite (today) and on
// Postgres (split mode); the only dialect branch is the id column, because the
// two databases spell "auto-incrementing integer key" differently.
import { SqliteAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../../kernel/index.js';

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export const createPatients: MigrationDef = {
  name: '0001-create-patients',
  async up(db: Kysely<any>): Promise<void> {
    const sqlite = isSqlite(db);
    await db.schema
      .createTable('patients')
      // AUTOINCREMENT (SQLite) / IDENTITY (Postgres): ids are never reused after a
      // delete, which matters because the MRN printed on paper is derived from the id.
      .addColumn('id', 'integer', (c) =>
        sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
      )
      // Nullable only for the instant between INSERT and the UPDATE that sets it,
      // inside one transaction; no reader ever sees a patient without an MRN.
      .addColumn('mrn', 'text')
      .addColumn('nik', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      // Folded (lower case, no accents) full name: whole-name prefix search and sorting.
      .addColumn('name_search', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('M', 'F')`))
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('address', 'text')
      .addColumn('payer', 'text', (c) => c.notNull().check(sql`payer in ('general', 'bpjs', 'insurance')`))
      .addColumn('bpjs_number', 'text')
      .addColumn('insurer_name', 'text')
      .addColumn('policy_number', 'text')
      // A staff user id; staff lives in another module's database, so no foreign key.
      .addColumn('created_by', 'integer')
      // ISO-8601 UTC text: sorts correctly and reads the same on both databases.
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // Unique indexes (not column constraints) so each rule has one named index
    // that serves both uniqueness and lookup; a NIK identifies one person for life.
    // NULL mrns do not collide on either database.
    await db.schema.createIndex('patients_nik_idx').on('patients').column('nik').unique().execute();
    await db.schema.createIndex('patients_mrn_idx').on('patients').column('mrn').unique().execute();
    await db.schema.createIndex('patients_name_search_idx').on('patients').column('name_search').execute();

    // One row per distinct folded word of a patient's name, so a prefix of ANY
    // word ("ami" → "Siti Aminah") is an index range scan, not a table scan.
    await db.schema
      .createTable('patient_name_tokens')
      .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id').onDelete('cascade'))
      .addColumn('token', 'text', (c) => c.notNull())
      // (patient_id, token): replacing a patient's tokens, and the per-patient
      // probes that check the other words of a multi-word query.
      .addPrimaryKeyConstraint('patient_name_tokens_pk', ['patient_id', 'token'])
      .execute();
    // (token, patient_id): the prefix range scan that drives a name search,
    // already in result order, so LIMIT stops the scan early.
    await db.schema
      .createIndex('patient_name_tokens_token_idx')
      .on('patient_name_tokens')
      .columns(['token', 'patient_id'])
      .execute();
  },
};
