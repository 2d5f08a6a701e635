// The patients module's manifest: plain data the kernel reads on the main
// thread. Code that touches the database lives behind `worker`, loaded by path
// into the module's own thread pool.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { routes } from './routes.js';

export default defineModule({
  name: 'patients',
  worker: fileURLToPath(new URL('./worker.js', import.meta.url)),
  routes,
  permissions: {
    // Everyone at the clinic looks patients up; registering and correcting
    // demographics is front-desk work (nurses at triage, admin for fixes).
    'patients:read': ['admin', 'doctor', 'nurse', 'front_desk', 'cashier'],
    'patients:write': ['admin', 'front_desk', 'nurse'],
  },
  contract: ['getPatientSummaries', 'countPatients', 'auditEntries'],
  // staff: who registered a patient and the doctors' names in the visit
  // history (degrades to "staf #id"); records: the visit history itself
  // (degrades to a "temporarily unavailable" note). Never the page itself.
  calls: ['staff', 'records'],
  migrations,
  messages,
  nav: [{ label: 'patients.nav', path: '/patients', permission: 'patients:read' }],
  panels: [{ id: 'patients-recent', title: 'patients.panel.recent', path: '/patients/_panel/recent', permission: 'patients:read' }],
});
