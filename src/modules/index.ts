// The explicit module list. Order is start order (auth first: everything else
// may call it; a callee before its callers, so demo seeding can call it);
// shutdown runs in reverse. No folder scanning.
import appointments from './appointments/index.js';
import audit from './audit/index.js';
import billing from './billing/index.js';
import patients from './patients/index.js';
import records from './records/index.js';
import staff from './staff/index.js';

export const modules = [staff, patients, records, appointments, billing, audit] as const;
