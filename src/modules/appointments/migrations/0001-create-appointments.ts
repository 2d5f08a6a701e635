// The appointments tables: polis, doctor schedules, bookings and the daily
// queue. Written with the Kysely schema builder so the same migration runs on
// SQLite and Postgres; only the id columns differ (autoIdColumn).
//
// Races are settled by unique indexes, not by read-then-write checks:
// - queue numbers: (poli_id, day, seq) unique, so two concurrent walk-ins can
//   never draw the same number (the loser retries with the next one);
// - "one open visit per patient per poli per day": `active_key` holds
//   patient|poli|day while an entry is open and NULL afterwards (NULLs never
//   collide on either database), the portable form of a partial unique index;
// - bookings: `slot_key` (doctor|day|time) and `patient_key` (patient|day|poli)
//   work the same way and are cleared when a booking is cancelled.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { autoIdColumn } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';

export const createAppointments: MigrationDef = {
  name: '0001-create-appointments',
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('polis')
      .addColumn('id', 'integer', autoIdColumn(db))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('room', 'text', (c) => c.notNull())
      .addColumn('queue_prefix', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('polis_code_idx').on('polis').column('code').unique().execute();
    await db.schema.createIndex('polis_queue_prefix_idx').on('polis').column('queue_prefix').unique().execute();

    await db.schema
      .createTable('schedules')
      .addColumn('id', 'integer', autoIdColumn(db))
      // A staff user id: staff lives in another module's database, so no foreign key.
      .addColumn('doctor_id', 'integer', (c) => c.notNull())
      .addColumn('poli_id', 'integer', (c) => c.notNull().references('polis.id'))
      .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 1 and 7`))
      // 'HH:MM' clinic-local wall-clock times: they compare correctly as text.
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('end_time', 'text', (c) => c.notNull())
      .addColumn('slot_minutes', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('schedules_doctor_weekday_idx').on('schedules').columns(['doctor_id', 'weekday']).execute();

    await db.schema
      .createTable('queue_entries')
      .addColumn('id', 'integer', autoIdColumn(db))
      .addColumn('poli_id', 'integer', (c) => c.notNull().references('polis.id'))
      // The clinic-local calendar day (YYYY-MM-DD) the number belongs to.
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      // Copied from patients at check-in so the board still shows who is who when patients is down.
      .addColumn('mrn', 'text', (c) => c.notNull())
      .addColumn('doctor_id', 'integer')
      .addColumn('booking_id', 'integer')
      // 'pending' only between the insert and records' answer; never listed.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('encounter_id', 'integer')
      .addColumn('news2_score', 'integer')
      .addColumn('news2_risk', 'text')
      .addColumn('active_key', 'text')
      .addColumn('arrived_at', 'text', (c) => c.notNull())
      .addColumn('called_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .execute();
    await db.schema.createIndex('queue_entries_poli_day_seq_idx').on('queue_entries').columns(['poli_id', 'day', 'seq']).unique().execute();
    await db.schema.createIndex('queue_entries_active_key_idx').on('queue_entries').column('active_key').unique().execute();
    await db.schema.createIndex('queue_entries_day_idx').on('queue_entries').columns(['day', 'poli_id']).execute();

    await db.schema
      .createTable('bookings')
      .addColumn('id', 'integer', autoIdColumn(db))
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      .addColumn('mrn', 'text', (c) => c.notNull())
      .addColumn('poli_id', 'integer', (c) => c.notNull().references('polis.id'))
      .addColumn('doctor_id', 'integer', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('booked', 'checked-in', 'cancelled')`))
      .addColumn('queue_entry_id', 'integer')
      .addColumn('slot_key', 'text')
      .addColumn('patient_key', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('bookings_slot_key_idx').on('bookings').column('slot_key').unique().execute();
    await db.schema.createIndex('bookings_patient_key_idx').on('bookings').column('patient_key').unique().execute();
    await db.schema.createIndex('bookings_day_idx').on('bookings').columns(['day', 'poli_id', 'time']).execute();
  },
};
