// The records module's manifest: encounters, triage (vitals, NEWS2, allergies)
// and the doctor's record (SOAP, diagnoses, procedures, prescriptions).
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
  contract: ['openEncounter', 'cancelEncounter', 'getEncounterStates', 'getVisitHistory', 'getBillableVisit', 'listFinishedEncounters', 'auditEntries'],
  // patients: names on the triage list and the encounter header (degrades to "pasien #id").
  calls: ['patients', 'staff'],
  migrations,
  messages,
  nav: [{ label: 'records.nav.triage', path: '/records/triage', permission: 'records:triage' }],
  panels: [{ id: 'records-waiting', title: 'records.panel.waiting', path: '/records/_panel/waiting', permission: 'records:triage' }],
  homes: { nurse: '/records/triage' },
});
