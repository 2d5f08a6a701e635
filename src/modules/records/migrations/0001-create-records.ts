// The records tables. Schema builder only, so the same migration runs on SQLite
// and Postgres; booleans are 0/1 integers and times ISO-8601 UTC text on both.
// Ids of other modules (patients, polis, staff, queue entries) are plain integers:
// their tables live in other databases, so there are no foreign keys to them.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { autoIdColumn } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';

export const createRecords: MigrationDef = {
  name: '0001-create-records',
  async up(db: Kysely<any>): Promise<void> {
    const id = autoIdColumn(db);
    await db.schema
      .createTable('encounters')
      .addColumn('id', 'integer', id)
      .addColumn('queue_entry_id', 'integer', (c) => c.notNull())
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      .addColumn('poli_id', 'integer', (c) => c.notNull())
      .addColumn('poli_name', 'text', (c) => c.notNull())
      .addColumn('doctor_id', 'integer')
      .addColumn('queue_number', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('arrived', 'in-progress', 'finished', 'cancelled')`))
      .addColumn('arrived_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('chief_complaint', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // One encounter per queue entry: makes openEncounter idempotent under retries and races.
    await db.schema.createIndex('encounters_queue_entry_idx').on('encounters').column('queue_entry_id').unique().execute();
    await db.schema.createIndex('encounters_arrived_idx').on('encounters').columns(['arrived_at', 'id']).execute();
    await db.schema.createIndex('encounters_finished_idx').on('encounters').columns(['finished_at', 'id']).execute();
    await db.schema.createIndex('encounters_patient_idx').on('encounters').columns(['patient_id', 'arrived_at']).execute();

    await db.schema
      .createTable('encounter_status_history')
      .addColumn('id', 'integer', id)
      .addColumn('encounter_id', 'integer', (c) => c.notNull().references('encounters.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer')
      .execute();
    await db.schema.createIndex('encounter_status_history_enc_idx').on('encounter_status_history').columns(['encounter_id', 'id']).execute();

    await db.schema
      .createTable('vitals')
      .addColumn('id', 'integer', id)
      .addColumn('encounter_id', 'integer', (c) => c.notNull().references('encounters.id'))
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      .addColumn('systolic', 'integer', (c) => c.notNull())
      .addColumn('diastolic', 'integer', (c) => c.notNull())
      .addColumn('pulse', 'integer', (c) => c.notNull())
      .addColumn('resp_rate', 'integer', (c) => c.notNull())
      // Tenths of a degree Celsius (368 = 36.8 °C): exact, and what NEWS2 bands on.
      .addColumn('temperature', 'integer', (c) => c.notNull())
      .addColumn('spo2', 'integer', (c) => c.notNull())
      .addColumn('on_oxygen', 'integer', (c) => c.notNull())
      .addColumn('consciousness', 'text', (c) => c.notNull())
      // Grams and millimetres: integers, no rounding drift.
      .addColumn('weight_g', 'integer')
      .addColumn('height_mm', 'integer')
      .addColumn('news2_score', 'integer', (c) => c.notNull())
      .addColumn('news2_risk', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'integer')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vitals_encounter_idx').on('vitals').columns(['encounter_id', 'id']).execute();

    await db.schema
      .createTable('soap_notes')
      .addColumn('encounter_id', 'integer', (c) => c.primaryKey().references('encounters.id'))
      .addColumn('subjective', 'text', (c) => c.notNull())
      .addColumn('objective', 'text', (c) => c.notNull())
      .addColumn('assessment', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('diagnoses')
      .addColumn('id', 'integer', id)
      .addColumn('encounter_id', 'integer', (c) => c.notNull().references('encounters.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('is_primary', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // The same code once per encounter; at most one primary (partial unique index, both databases).
    await db.schema.createIndex('diagnoses_code_idx').on('diagnoses').columns(['encounter_id', 'code']).unique().execute();
    await db.schema.createIndex('diagnoses_primary_idx').on('diagnoses').column('encounter_id').unique().where(sql.ref('is_primary'), '=', 1).execute();

    await db.schema
      .createTable('procedures')
      .addColumn('id', 'integer', id)
      .addColumn('encounter_id', 'integer', (c) => c.notNull().references('encounters.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('procedures_encounter_idx').on('procedures').columns(['encounter_id', 'id']).execute();

    await db.schema
      .createTable('prescriptions')
      .addColumn('id', 'integer', id)
      .addColumn('encounter_id', 'integer', (c) => c.notNull().references('encounters.id'))
      .addColumn('drug_code', 'text', (c) => c.notNull())
      .addColumn('drug_name', 'text', (c) => c.notNull())
      .addColumn('strength', 'text', (c) => c.notNull())
      .addColumn('dose', 'text', (c) => c.notNull())
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('duration_days', 'integer', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('instructions', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('prescriptions_encounter_idx').on('prescriptions').columns(['encounter_id', 'id']).execute();

    await db.schema
      .createTable('allergies')
      .addColumn('id', 'integer', id)
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      .addColumn('substance', 'text', (c) => c.notNull())
      // Folded substance: "Amoxicillin" and "amoxicillin " are one allergy.
      .addColumn('substance_key', 'text', (c) => c.notNull())
      .addColumn('reaction', 'text')
      .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('mild', 'moderate', 'severe')`))
      .addColumn('recorded_by', 'integer')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('allergies_patient_substance_idx').on('allergies').columns(['patient_id', 'substance_key']).unique().execute();
  },
};
