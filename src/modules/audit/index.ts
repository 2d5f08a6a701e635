// The audit module's manifest (skeleton: being built).
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
  calls: ['patients', 'appointments', 'records', 'billing'],
  migrations,
  messages,
});
