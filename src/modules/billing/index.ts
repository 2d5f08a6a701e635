// The billing module's manifest (skeleton: being built).
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
  contract: [],
  calls: ['records', 'patients', 'staff', 'appointments'],
  migrations,
  messages,
});
