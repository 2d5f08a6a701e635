// The staff module's manifest: accounts, roles, sessions, API tokens. The kernel
// asks it (through its contract) who is calling.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'staff',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: { 'staff:manage': ['admin'] },
  contract: ['verifySession', 'verifyToken', 'getUserSummaries', 'listStaff', 'setLocale', 'resetPassword'],
  calls: [],
  migrations,
  messages,
  nav: [{ label: 'staff.nav', path: '/staff', permission: 'staff:manage' }],
  panels: [{ id: 'staff-me', title: 'staff.panel.me', path: '/staff/_panel/me', permission: 'authenticated' }],
  // argon2id needs ~19 MiB per hash; a generous heap keeps concurrent logins safe.
  limits: { threads: 2, memoryMb: 192 },
});
