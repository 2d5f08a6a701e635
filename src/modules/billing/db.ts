// Billing's table types. The kernel hands out Kysely<any>; handlers narrow it
// to these so a typo in a column name is a type error.
import type { Generated, Kysely } from 'kysely';
import type { LineKind } from './lines.js';
import type { InvoiceStatus, Payer, PaymentMethod } from './totals.js';

export interface TariffsTable {
  id: Generated<number>;
  key: string;
  kind: LineKind;
  code: string;
  name: string;
  price: number;
  active: number;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PoliCacheTable {
  poli_id: number;
  code: string;
  name: string;
  updated_at: string;
}

export interface InvoiceCountersTable {
  day: string;
  last: number;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string;
  encounter_id: number;
  patient_id: number;
  poli_id: number | null;
  payer: Payer;
  status: InvoiceStatus;
  total: number;
  covered: number;
  patient_total: number;
  paid: Generated<number>;
  created_by: number | null;
  created_at: string;
  cancelled_by: number | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  kind: LineKind;
  code: string;
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
  tariff_missing: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  invoice_id: number;
  amount: number;
  method: PaymentMethod;
  reference: string | null;
  cashier_id: number | null;
  created_at: string;
}

export interface BillingDatabase {
  tariffs: TariffsTable;
  poli_cache: PoliCacheTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
}

export type BillingDb = Kysely<BillingDatabase>;

/** Postgres hands bigint back as numbers (kernel type parser), SQLite as numbers; Number() covers strings from aggregates. */
export const num = (v: unknown): number => Number(v ?? 0);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
