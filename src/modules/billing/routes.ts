// The billing route table, one line per route. Pages, htmx fragments and the
// JSON API share handler code. Static paths (/billing/invoices/_x, /reports)
// sort before /:id in the kernel, so they never read as an id.
import { route } from '../../kernel/index.js';
import type { RouteDef } from '../../kernel/index.js';
import {
  cancelInvoiceSchema,
  createInvoiceSchema,
  dailyReportSchema,
  invoiceJsonSchema,
  invoiceListQuerySchema,
  invoiceListSchema,
  paymentSchema,
  reportQuerySchema,
  tariffJsonSchema,
  tariffListSchema,
  tariffPatchSchema,
  tariffUpsertSchema,
} from './schemas.js';

const READ = 'billing:read';
const WRITE = 'billing:write';
const REPORT = 'billing:report';
const TARIFFS = 'tariffs:manage';

export const routes: readonly RouteDef[] = [
  // Cashier's work list and the invoices of a day.
  route('GET', '/billing', READ, 'cashierHome', 'page', { view: 'billing/home', title: 'billing.title.home' }),
  route('GET', '/billing/invoices', READ, 'invoicesPage', 'page', { view: 'billing/invoices', title: 'billing.title.invoices', query: invoiceListQuerySchema }),
  route('GET', '/api/v1/billing/invoices', READ, 'listInvoices', 'api', { summary: "A clinic-local day's invoices (today by default), optionally one status; newest first", query: invoiceListQuerySchema, response: invoiceListSchema, statuses: [422] }),

  // Make an invoice from a finished visit.
  route('POST', '/billing/invoices', WRITE, 'createInvoiceForm', 'page', { title: 'billing.title.home' }),
  route('POST', '/api/v1/billing/invoices', WRITE, 'createInvoice', 'api', { summary: 'Invoice a finished visit (lines priced from tariffs; BPJS patients pay nothing)', body: createInvoiceSchema, response: invoiceJsonSchema, statuses: [201, 404, 409, 422, 503] }),

  // One invoice, its receipt.
  route('GET', '/billing/invoices/:id', READ, 'invoicePage', 'page', { view: 'billing/invoice', title: 'billing.title.invoice' }),
  route('GET', '/billing/invoices/:id/receipt', READ, 'receiptPage', 'page', { view: 'billing/receipt', title: 'billing.title.receipt' }),
  route('GET', '/api/v1/billing/invoices/:id', READ, 'getInvoice', 'api', { summary: 'One invoice with its lines and payments', response: invoiceJsonSchema, statuses: [404] }),

  // Payments and cancellation.
  route('POST', '/billing/invoices/:id/payments', WRITE, 'addPaymentForm', 'page', { view: 'billing/invoice', title: 'billing.title.invoice' }),
  route('POST', '/api/v1/billing/invoices/:id/payments', WRITE, 'addPayment', 'api', { summary: 'Take a payment (integer rupiah, at most the balance); answers the updated invoice', body: paymentSchema, response: invoiceJsonSchema, statuses: [201, 404, 409, 422] }),
  route('POST', '/billing/invoices/:id/cancel', WRITE, 'cancelInvoiceForm', 'page', { view: 'billing/invoice', title: 'billing.title.invoice' }),
  route('POST', '/api/v1/billing/invoices/:id/cancel', WRITE, 'cancelInvoice', 'api', { summary: 'Cancel an invoice on which nothing has been paid', body: cancelInvoiceSchema, response: invoiceJsonSchema, statuses: [404, 409, 422] }),

  // Daily cash report and the dashboard panel.
  route('GET', '/billing/reports/daily', REPORT, 'dailyReportPage', 'page', { view: 'billing/report', title: 'billing.title.report', query: reportQuerySchema }),
  route('GET', '/api/v1/billing/reports/daily', REPORT, 'dailyReport', 'api', { summary: 'Payments of a clinic-local day by method and cashier, and the invoices made that day', query: reportQuerySchema, response: dailyReportSchema, statuses: [422] }),
  route('GET', '/billing/_panel/today', REPORT, 'todayPanel', 'fragment', { view: 'billing/panel-today' }),

  // Tariffs (admin).
  route('GET', '/billing/tariffs', TARIFFS, 'tariffsPage', 'page', { view: 'billing/tariffs', title: 'billing.title.tariffs' }),
  route('POST', '/billing/tariffs', TARIFFS, 'saveTariffForm', 'page', { view: 'billing/tariffs', title: 'billing.title.tariffs' }),
  route('POST', '/billing/tariffs/:id', TARIFFS, 'updateTariffForm', 'page', { view: 'billing/tariffs', title: 'billing.title.tariffs' }),
  route('GET', '/api/v1/billing/tariffs', TARIFFS, 'listTariffs', 'api', { summary: 'The price list (consultation per poli, procedures by ICD-9-CM, drugs per unit)', response: tariffListSchema }),
  route('POST', '/api/v1/billing/tariffs', TARIFFS, 'upsertTariff', 'api', { summary: 'Add a tariff, or replace the one with the same key', body: tariffUpsertSchema, response: tariffJsonSchema, statuses: [201, 422] }),
  route('PATCH', '/api/v1/billing/tariffs/:id', TARIFFS, 'patchTariff', 'api', { summary: "Change a tariff's name, price or active flag", body: tariffPatchSchema, response: tariffJsonSchema, statuses: [404, 422] }),
];
