// The daily cash report: what came in on one clinic-local day (payments, by
// method and by cashier) and what was billed that day (invoices created).
// Sums are done by the database over integer columns; Postgres returns them
// as bigint, read back with Number().
import type { BillingDb } from './db.js';
import { num, numOrNull } from './db.js';
import { PAYMENT_METHODS, type PaymentMethod } from './totals.js';

export interface Sums {
  count: number;
  sum: number;
}

export interface DailyFigures {
  payments: {
    total: Sums;
    byMethod: Array<Sums & { method: PaymentMethod }>;
    byCashier: Array<Sums & { cashierId: number | null }>;
  };
  invoices: { count: number; cancelled: number; totalBilled: number; coveredBpjs: number; patientBilled: number; collected: number; outstanding: number };
}

/** `from`/`to`: the UTC instants bounding the clinic-local day. */
export async function dailyFigures(db: BillingDb, from: string, to: string): Promise<DailyFigures> {
  const methods = await db
    .selectFrom('payments')
    .select((eb) => ['method', eb.fn.countAll().as('n'), eb.fn.sum('amount').as('s')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('method')
    .execute();
  const cashiers = await db
    .selectFrom('payments')
    .select((eb) => ['cashier_id', eb.fn.countAll().as('n'), eb.fn.sum('amount').as('s')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('cashier_id')
    .execute();
  const byMethod = PAYMENT_METHODS.map((method) => {
    const r = methods.find((m) => m.method === method);
    return { method, count: num(r?.n), sum: num(r?.s) };
  });
  const byCashier = cashiers.map((r) => ({ cashierId: numOrNull(r.cashier_id), count: num(r.n), sum: num(r.s) })).sort((a, b) => b.sum - a.sum);
  const total = byMethod.reduce((acc, m) => ({ count: acc.count + m.count, sum: acc.sum + m.sum }), { count: 0, sum: 0 });

  const live = await db
    .selectFrom('invoices')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.sum('total').as('total'),
      eb.fn.sum('covered').as('covered'),
      eb.fn.sum('patient_total').as('patient_total'),
      eb.fn.sum('paid').as('paid'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('status', '<>', 'cancelled')
    .executeTakeFirstOrThrow();
  const cancelled = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('status', '=', 'cancelled')
    .executeTakeFirstOrThrow();
  const patientBilled = num(live.patient_total);
  const collected = num(live.paid);
  return {
    payments: { total, byMethod, byCashier },
    invoices: {
      count: num(live.n),
      cancelled: num(cancelled.n),
      totalBilled: num(live.total),
      coveredBpjs: num(live.covered),
      patientBilled,
      collected,
      outstanding: patientBilled - collected,
    },
  };
}
