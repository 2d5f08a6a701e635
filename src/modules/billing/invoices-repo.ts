// Invoices, their lines and payments. Every write runs in one transaction with
// its audit entry. Payments lock the invoice row first (Postgres FOR UPDATE;
// SQLite transactions take the write lock at BEGIN IMMEDIATE in the kernel's
// driver), so the balance check and the insert cannot interleave with another
// payment: two cashiers paying the same invoice at once never overpay it.
import type { Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { BilikError, KernelErrors, isPostgres, isUniqueViolation, writeAudit } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import type { BillingDatabase, BillingDb, InvoicesTable } from './db.js';
import { num, numOrNull } from './db.js';
import { BillingErrors, invoiceNotFound, invoiceState } from './errors.js';
import type { InvoiceLine } from './lines.js';
import { formatInvoiceNumber } from './numbering.js';
import type { PaymentInput } from './schemas.js';
import { balanceOf, cancelProblem, paymentProblem, statusFor } from './totals.js';
import type { InvoiceStatus, Payer, PaymentMethod, Totals } from './totals.js';

export interface PaymentJson {
  id: number;
  amount: number;
  method: PaymentMethod;
  reference: string | null;
  cashierId: number | null;
  createdAt: string;
}

export interface InvoiceSummary {
  id: number;
  number: string;
  encounterId: number;
  patientId: number;
  poliId: number | null;
  payer: Payer;
  status: InvoiceStatus;
  total: number;
  covered: number;
  patientTotal: number;
  paid: number;
  balance: number;
  createdAt: string;
  createdBy: number | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface InvoiceJson extends InvoiceSummary {
  lines: InvoiceLine[];
  payments: PaymentJson[];
}

type Audit = Pick<HandlerContext, 'user'>;

export function toSummary(r: Selectable<InvoicesTable>): InvoiceSummary {
  const patientTotal = num(r.patient_total);
  const paid = num(r.paid);
  return {
    id: num(r.id),
    number: r.number,
    encounterId: num(r.encounter_id),
    patientId: num(r.patient_id),
    poliId: numOrNull(r.poli_id),
    payer: r.payer,
    status: r.status,
    total: num(r.total),
    covered: num(r.covered),
    patientTotal,
    paid,
    balance: r.status === 'cancelled' ? 0 : balanceOf(patientTotal, paid),
    createdAt: r.created_at,
    createdBy: numOrNull(r.created_by),
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
  };
}

async function loadInvoice(db: Transaction<BillingDatabase> | BillingDb, id: number): Promise<InvoiceJson | undefined> {
  const row = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', id).orderBy('position').execute();
  const payments = await db.selectFrom('payments').selectAll().where('invoice_id', '=', id).orderBy('created_at').orderBy('id').execute();
  return {
    ...toSummary(row),
    lines: lines.map((l) => ({
      kind: l.kind,
      code: l.code,
      description: l.description,
      quantity: num(l.quantity),
      unitPrice: num(l.unit_price),
      amount: num(l.amount),
      tariffMissing: num(l.tariff_missing) === 1,
    })),
    payments: payments.map((p) => ({ id: num(p.id), amount: num(p.amount), method: p.method, reference: p.reference, cashierId: numOrNull(p.cashier_id), createdAt: p.created_at })),
  };
}

export async function getInvoice(db: BillingDb, id: number): Promise<InvoiceJson | undefined> {
  return loadInvoice(db, id);
}

export async function liveInvoiceFor(db: BillingDb, encounterId: number): Promise<{ id: number; number: string } | undefined> {
  const row = await db.selectFrom('invoices').select(['id', 'number']).where('encounter_id', '=', encounterId).where('status', '<>', 'cancelled').executeTakeFirst();
  return row ? { id: num(row.id), number: row.number } : undefined;
}

/** Encounter ids among `ids` that already have a live invoice. */
export async function invoicedEncounters(db: BillingDb, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('invoices').select('encounter_id').where('encounter_id', 'in', ids).where('status', '<>', 'cancelled').execute();
  return new Set(rows.map((r) => num(r.encounter_id)));
}

export function invoiceExists(number: string): BilikError {
  return new BilikError(BillingErrors.INVOICE_EXISTS, { message: 'billing.error.invoiceExists', params: { number } });
}

export interface NewInvoice {
  day: string;
  encounterId: number;
  patientId: number;
  poli: { id: number; code: string | null; name: string | null };
  payer: Payer;
  totals: Totals;
  lines: InvoiceLine[];
  createdBy: number | null;
}

/**
 * Numbers the invoice from the day's counter row (an upsert that increments
 * it, serialised by the row lock on Postgres and the write lock on SQLite),
 * stores it with its lines and the audit entry. A second live invoice for the
 * visit fails on the partial unique index → 409.
 */
export async function insertInvoice(db: BillingDb, ctx: Audit, inv: NewInvoice, now = new Date()): Promise<InvoiceJson> {
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const counter = await trx
        .insertInto('invoice_counters')
        .values({ day: inv.day, last: 1 })
        .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`${sql.ref('invoice_counters.last')} + 1` }))
        .returning('last')
        .executeTakeFirstOrThrow();
      const number = formatInvoiceNumber(inv.day, num(counter.last));
      const { id } = await trx
        .insertInto('invoices')
        .values({
          number,
          encounter_id: inv.encounterId,
          patient_id: inv.patientId,
          poli_id: inv.poli.id,
          payer: inv.payer,
          status: statusFor(inv.totals.patientTotal, 0),
          total: inv.totals.total,
          covered: inv.totals.covered,
          patient_total: inv.totals.patientTotal,
          paid: 0,
          created_by: inv.createdBy,
          created_at: at,
          cancelled_by: null,
          cancelled_at: null,
          cancel_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const invoiceId = num(id);
      if (inv.lines.length) {
        await trx
          .insertInto('invoice_lines')
          .values(
            inv.lines.map((l, i) => ({
              invoice_id: invoiceId,
              position: i + 1,
              kind: l.kind,
              code: l.code,
              description: l.description,
              quantity: l.quantity,
              unit_price: l.unitPrice,
              amount: l.amount,
              tariff_missing: l.tariffMissing ? 1 : 0,
            })),
          )
          .execute();
      }
      if (inv.poli.code && inv.poli.name !== null) {
        await trx
          .insertInto('poli_cache')
          .values({ poli_id: inv.poli.id, code: inv.poli.code, name: inv.poli.name, updated_at: at })
          .onConflict((oc) => oc.column('poli_id').doUpdateSet({ code: inv.poli.code!, name: inv.poli.name!, updated_at: at }))
          .execute();
      }
      await writeAudit(trx, ctx, { action: 'create', entity: 'invoice', patientId: inv.patientId, encounterId: inv.encounterId });
      return (await loadInvoice(trx, invoiceId))!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'encounter_id')) {
      const live = await liveInvoiceFor(db, inv.encounterId);
      throw invoiceExists(live?.number ?? '');
    }
    throw err;
  }
}

/** The invoice row, locked for the rest of the transaction on Postgres (SQLite already holds the write lock). */
async function lockInvoice(trx: Transaction<BillingDatabase>, id: number): Promise<Selectable<InvoicesTable> | undefined> {
  const q = trx.selectFrom('invoices').selectAll().where('id', '=', id);
  return (isPostgres(trx) ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * Takes one payment: status and balance are checked on the locked row, the
 * payment and the new paid/status are written together with the audit entry.
 * Over the balance (or not positive) → 422 on `amount` naming the balance;
 * cancelled or already paid → 409. `formatMoney` words the balance in the
 * caller's language.
 */
export async function addPayment(db: BillingDb, ctx: Audit, invoiceId: number, input: PaymentInput, formatMoney: (n: number) => string, now = new Date()): Promise<InvoiceJson> {
  return db.transaction().execute(async (trx) => {
    const row = await lockInvoice(trx, invoiceId);
    if (!row) throw invoiceNotFound();
    const inv = toSummary(row);
    const problem = paymentProblem(inv.status, inv.balance, input.amount);
    if (problem === 'cancelled') throw invoiceState('billing.error.state.cancelled');
    if (problem === 'paid') throw invoiceState('billing.error.state.paid');
    if (problem) {
      const key = problem === 'overBalance' ? 'billing.error.amount.overBalance' : 'billing.error.amount.positive';
      throw new BilikError(KernelErrors.VALIDATION, { fields: { amount: key }, params: { balance: formatMoney(inv.balance) } });
    }
    // Relative and guarded, so even a caller that skipped the lock could not
    // lose an update or overpay: the row changes only if the amount still fits.
    const res = await trx
      .updateTable('invoices')
      .set({ paid: sql`paid + ${input.amount}`, status: statusFor(inv.patientTotal, inv.paid + input.amount) })
      .where('id', '=', invoiceId)
      .where('paid', '=', inv.paid)
      .where(sql<boolean>`paid + ${input.amount} <= patient_total`)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw invoiceState('billing.error.state.changed');
    await trx
      .insertInto('payments')
      .values({ invoice_id: invoiceId, amount: input.amount, method: input.method, reference: input.reference || null, cashier_id: ctx.user?.id ?? null, created_at: now.toISOString() })
      .execute();
    await writeAudit(trx, ctx, { action: 'create', entity: 'payment', patientId: inv.patientId, encounterId: inv.encounterId });
    return (await loadInvoice(trx, invoiceId))!;
  });
}

/** Cancels an invoice on which nothing has been paid; the visit may then be invoiced again. */
export async function cancelInvoice(db: BillingDb, ctx: Audit, invoiceId: number, reason: string, now = new Date()): Promise<InvoiceJson> {
  return db.transaction().execute(async (trx) => {
    const row = await lockInvoice(trx, invoiceId);
    if (!row) throw invoiceNotFound();
    const inv = toSummary(row);
    const payments = await trx.selectFrom('payments').select((eb) => eb.fn.countAll().as('n')).where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow();
    const problem = cancelProblem(inv.status, inv.paid, num(payments.n));
    if (problem === 'cancelled') throw invoiceState('billing.error.state.cancelled');
    if (problem === 'hasPayments') throw invoiceState('billing.error.state.hasPayments');
    await trx
      .updateTable('invoices')
      .set({ status: 'cancelled', cancelled_at: now.toISOString(), cancelled_by: ctx.user?.id ?? null, cancel_reason: reason })
      .where('id', '=', invoiceId)
      .execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'invoice', patientId: inv.patientId, encounterId: inv.encounterId });
    return (await loadInvoice(trx, invoiceId))!;
  });
}

export interface InvoiceFilter {
  from?: string;
  to?: string;
  status?: InvoiceStatus | InvoiceStatus[];
  limit: number;
}

/** Newest first. `from`/`to` are ISO instants (from inclusive, to exclusive). */
export async function listInvoices(db: BillingDb, f: InvoiceFilter): Promise<InvoiceSummary[]> {
  let q = db.selectFrom('invoices').selectAll();
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (Array.isArray(f.status)) q = q.where('status', 'in', f.status);
  else if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map(toSummary);
}
