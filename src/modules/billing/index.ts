// The billing module's manifest: plain data the kernel reads on the main
// thread. Invoices, payments, receipts, the daily cash report and tariffs.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'billing',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: {
    'billing:read': ['cashier'],
    'billing:write': ['cashier'],
    'billing:report': ['cashier', 'admin'],
    'tariffs:manage': ['admin'],
  },
  contract: ['auditEntries'],
  // records: billable items and finished visits; patients: payer, names;
  // staff: cashier names; appointments: poli codes. Each call degrades.
  calls: ['records', 'patients', 'staff', 'appointments'],
  migrations,
  messages,
  nav: [
    { label: 'billing.nav.cashier', path: '/billing', permission: 'billing:read' },
    { label: 'billing.nav.report', path: '/billing/reports/daily', permission: 'billing:report' },
    { label: 'billing.nav.tariffs', path: '/billing/tariffs', permission: 'tariffs:manage' },
  ],
  panels: [{ id: 'billing-today', title: 'billing.panel.today', path: '/billing/_panel/today', permission: 'billing:report' }],
  homes: { cashier: '/billing' },
});
