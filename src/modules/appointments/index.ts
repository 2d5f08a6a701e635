// The appointments module's manifest: polis, doctor schedules, bookings and
// the daily queue; the front desk's and the doctor's home pages, and the
// public waiting-room display.
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
  contract: ['listPolis', 'auditEntries'],
  // patients: names and MRNs (degrades to MRNs); records: encounters (a
  // walk-in needs one); staff: doctor names (degrades to "staf #id").
  calls: ['patients', 'records', 'staff'],
  migrations,
  messages,
  nav: [
    { label: 'appointments.nav.queue', path: '/appointments/queue', permission: 'queue:read' },
    { label: 'appointments.nav.myQueue', path: '/appointments/my-queue', permission: 'queue:call' },
    { label: 'appointments.nav.bookings', path: '/appointments/bookings', permission: 'queue:read' },
    { label: 'appointments.nav.polis', path: '/appointments/polis', permission: 'appointments:admin' },
    { label: 'appointments.nav.schedules', path: '/appointments/schedules', permission: 'appointments:admin' },
  ],
  panels: [{ id: 'appointments-today', title: 'appointments.panel.today', path: '/appointments/_panel/today', permission: 'queue:read' }],
  homes: { front_desk: '/appointments/queue', doctor: '/appointments/my-queue' },
});
