// The appointments module's manifest (skeleton: being built).
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'appointments',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: {
    'queue:read': ['front_desk', 'nurse', 'doctor', 'admin'],
    'queue:write': ['front_desk'],
    'queue:call': ['doctor', 'nurse'],
    'appointments:admin': ['admin'],
  },
  contract: [],
  calls: ['patients', 'records', 'staff'],
  migrations,
  messages,
});
