// The records module's manifest (skeleton: being built).
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'records',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: {
    'records:triage': ['nurse', 'doctor'],
    'records:clinical': ['doctor'],
  },
  contract: [],
  calls: ['patients', 'staff'],
  migrations,
  messages,
});
