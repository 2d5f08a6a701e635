// Billing's own tables: tariffs, invoices with their lines, payments, the
// per-day invoice counter and a small cache of poli codes. Money columns are
// bigint holding integer rupiah (never a float); times are ISO-8601 UTC text;
// other modules' ids (encounter, patient, poli, staff) are plain integers with
// no foreign key, because their tables live in other databases.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { autoIdColumn } from '../../../kernel/index.js';
import type { MigrationDef } from '../../../kernel/index.js';

export const createBilling: MigrationDef = {
  name: '0001-create-billing',
  async up(db: Kysely<any>): Promise<void> {
    const id = autoIdColumn(db);
    await db.schema
      .createTable('tariffs')
      .addColumn('id', 'integer', id)
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('consultation', 'procedure', 'drug')`))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // The last known code and name of each poli (from appointments.listPolis),
    // so a consultation is still priced while appointments is down.
    await db.schema
      .createTable('poli_cache')
      .addColumn('poli_id', 'integer', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // One row per clinic-local day; incremented in the invoice's transaction, so
    // two concurrent invoices get distinct numbers on both databases.
    await db.schema
      .createTable('invoice_counters')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('invoices')
      .addColumn('id', 'integer', id)
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('encounter_id', 'integer', (c) => c.notNull())
      .addColumn('patient_id', 'integer', (c) => c.notNull())
      .addColumn('poli_id', 'integer')
      .addColumn('payer', 'text', (c) => c.notNull().check(sql`payer in ('general', 'bpjs', 'insurance')`))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('unpaid', 'partial', 'paid', 'cancelled')`))
      .addColumn('total', 'bigint', (c) => c.notNull().check(sql`total >= 0`))
      .addColumn('covered', 'bigint', (c) => c.notNull().check(sql`covered >= 0`))
      .addColumn('patient_total', 'bigint', (c) => c.notNull().check(sql`patient_total >= 0`))
      .addColumn('paid', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_by', 'integer')
      .addColumn('cancelled_at', 'text')
      .addColumn('cancel_reason', 'text')
      // The database itself refuses an overpaid invoice, whatever the code does.
      .addCheckConstraint('invoices_paid_check', sql`paid >= 0 and paid <= patient_total`)
      .execute();
    // One live invoice per visit: a partial unique index (both databases have
    // them); a cancelled invoice frees the visit for a new one.
    await sql`create unique index invoices_live_encounter_id_idx on invoices (encounter_id) where status <> 'cancelled'`.execute(db);
    await db.schema.createIndex('invoices_created_at_idx').on('invoices').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('invoices_status_idx').on('invoices').columns(['status', 'id']).execute();
    await db.schema.createIndex('invoices_encounter_idx').on('invoices').column('encounter_id').execute();

    await db.schema
      .createTable('invoice_lines')
      .addColumn('id', 'integer', id)
      .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('consultation', 'procedure', 'drug')`))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
      .addColumn('unit_price', 'bigint', (c) => c.notNull().check(sql`unit_price >= 0`))
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('tariff_missing', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invoice_lines_invoice_idx').on('invoice_lines').columns(['invoice_id', 'position']).execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', 'integer', id)
      .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id'))
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
      .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('cash', 'transfer', 'card')`))
      .addColumn('reference', 'text')
      .addColumn('cashier_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('payments_invoice_idx').on('payments').column('invoice_id').execute();
    await db.schema.createIndex('payments_created_at_idx').on('payments').columns(['created_at', 'id']).execute();
  },
};
