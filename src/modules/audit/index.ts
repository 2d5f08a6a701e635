// The audit module's manifest: the admin's view of who read, created or changed
// which clinical record, across every module that keeps an audit log.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'audit',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: {
    'audit:read': ['admin'],
  },
  contract: [],
  // Each returns its own entries (auditEntries); one that is down is listed as unavailable.
  calls: ['patients', 'appointments', 'records', 'billing'],
  migrations,
  messages,
  nav: [{ label: 'audit.nav', path: '/audit', permission: 'audit:read' }],
});
