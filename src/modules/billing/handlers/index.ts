// The handler table: the names routes.ts refers to, mapped to their functions.
import type { Handler } from '../../../kernel/index.js';
import { createInvoice, createInvoiceForm } from './create-invoice.js';
import { getInvoice, invoicePage, receiptPage } from './get-invoice.js';
import { cashierHome } from './home.js';
import { invoicesPage, listInvoices } from './list-invoices.js';
import { addPayment, addPaymentForm, cancelInvoice, cancelInvoiceForm } from './payments.js';
import { dailyReport, dailyReportPage, todayPanel } from './report.js';
import { listTariffs, patchTariff, saveTariffForm, tariffsPage, updateTariffForm, upsertTariff } from './tariffs.js';

export const handlers = {
  cashierHome,
  createInvoice,
  createInvoiceForm,
  getInvoice,
  invoicePage,
  receiptPage,
  listInvoices,
  invoicesPage,
  addPayment,
  addPaymentForm,
  cancelInvoice,
  cancelInvoiceForm,
  dailyReport,
  dailyReportPage,
  todayPanel,
  listTariffs,
  upsertTariff,
  patchTariff,
  tariffsPage,
  saveTariffForm,
  updateTariffForm,
} satisfies Record<string, Handler>;
