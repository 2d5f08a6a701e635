// Request and response shapes of the billing API (zod): validated at the edge
// and published in the OpenAPI document. Money is integer rupiah everywhere:
// z.number().int(), never a float, never a string.
import { z } from 'zod';
import { LINE_KINDS } from './lines.js';
import { INVOICE_STATUSES, PAYERS, PAYMENT_METHODS } from './totals.js';

/** Rupiah amounts stay far inside the safe-integer range (a clinic bill is never near 10^12). */
export const MAX_RUPIAH = 1_000_000_000_000;
const rupiah = z
  .number({ error: (iss) => (iss.input === undefined ? 'validation.required' : 'billing.error.amount.integer') })
  .int('billing.error.amount.integer').max(MAX_RUPIAH, 'billing.error.amount.tooLarge');
const id = z.number().int().positive().max(2 ** 31 - 1);
const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'billing.error.date').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'billing.error.date');

export const tariffKeySchema = z.string().trim().regex(/^(consultation|procedure|drug):[A-Za-z0-9._-]{1,20}$/, 'billing.error.tariffKey');
const tariffName = z.string().trim().min(1, 'validation.required').max(100, 'validation.tooLong');
const price = rupiah.min(0, 'billing.error.price.negative').max(1_000_000_000, 'billing.error.amount.tooLarge');

export const tariffUpsertSchema = z.object({ key: tariffKeySchema, name: tariffName, price, active: z.boolean().optional() }).strict();
export const tariffPatchSchema = z
  .object({ name: tariffName.optional(), price: price.optional(), active: z.boolean().optional() })
  .strict()
  .refine((p) => p.name !== undefined || p.price !== undefined || p.active !== undefined, { message: 'billing.error.nothingToChange', path: ['_'] });
export type TariffUpsert = z.infer<typeof tariffUpsertSchema>;
export type TariffPatch = z.infer<typeof tariffPatchSchema>;

/** The tariff form posts kind and code separately; they become a key. */
export const tariffFormSchema = z.object({
  kind: z.enum(LINE_KINDS),
  code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,20}$/, 'billing.error.tariffCode'),
  name: tariffName,
  price,
});

export const tariffJsonSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  kind: z.enum(LINE_KINDS),
  code: z.string(),
  name: z.string(),
  price: z.number().int(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export const tariffListSchema = z.object({ items: z.array(tariffJsonSchema) });

export const createInvoiceSchema = z.object({ encounterId: id }).strict();
export const cancelInvoiceSchema = z.object({ reason: z.string().trim().min(3, 'billing.error.reason.required').max(300, 'validation.tooLong') }).strict();
export const paymentSchema = z
  .object({
    amount: rupiah.positive('billing.error.amount.positive'),
    method: z.enum(PAYMENT_METHODS, 'billing.error.method'),
    reference: z.string().trim().max(100, 'validation.tooLong').optional(),
  })
  .strict();
export type PaymentInput = z.infer<typeof paymentSchema>;

export const invoiceListQuerySchema = z.object({ date: day.optional(), status: z.enum(INVOICE_STATUSES).optional() });
export const reportQuerySchema = z.object({ date: day.optional() });

const lineJson = z.object({
  kind: z.enum(LINE_KINDS),
  code: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
  tariffMissing: z.boolean(),
});
const paymentJson = z.object({
  id: z.number().int(),
  amount: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  cashierId: z.number().int().nullable(),
  createdAt: z.string(),
});
export const invoiceSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  encounterId: z.number().int(),
  patientId: z.number().int(),
  payer: z.enum(PAYERS),
  status: z.enum(INVOICE_STATUSES),
  total: z.number().int(),
  covered: z.number().int(),
  patientTotal: z.number().int(),
  paid: z.number().int(),
  balance: z.number().int(),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export const invoiceJsonSchema = invoiceSummarySchema.extend({ lines: z.array(lineJson), payments: z.array(paymentJson) });
export const invoiceListSchema = z.object({ items: z.array(invoiceSummarySchema) });

const sums = z.object({ count: z.number().int(), sum: z.number().int() });
export const dailyReportSchema = z.object({
  date: z.string(),
  payments: z.object({
    total: sums,
    byMethod: z.array(sums.extend({ method: z.enum(PAYMENT_METHODS) })),
    byCashier: z.array(sums.extend({ cashierId: z.number().int().nullable(), name: z.string(), resolved: z.boolean() })),
  }),
  invoices: z.object({ count: z.number().int(), cancelled: z.number().int(), totalBilled: z.number().int(), coveredBpjs: z.number().int(), patientBilled: z.number().int(), collected: z.number().int(), outstanding: z.number().int() }),
});

/** What billing accepts back from records.getBillableVisit: checked, because it crosses a boundary. */
export const billableVisitSchema = z.object({
  encounterId: z.number().int(),
  patientId: z.number().int(),
  poliId: z.number().int(),
  status: z.string(),
  finishedAt: z.string().nullable().optional().transform((v) => v ?? null),
  procedures: z.array(z.object({ code: z.string().min(1), display: z.string().default('') })).default([]),
  prescriptions: z.array(z.object({ drugCode: z.string().min(1), drugName: z.string().default(''), quantity: z.number() })).default([]),
});
