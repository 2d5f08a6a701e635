// The request mixes: what staff read all day (the pages and htmx fragments their
// browsers fetch, with their session cookies), the module-wide mix used under
// chaos (plus the JSON API of staff and audit, so every module takes traffic),
// the front desk's register-then-open pair for the write phase, and one cheap
// JSON route per module for recovery polling.
import { req } from './traffic.mjs';

const HX = { 'HX-Request': 'true' };

/** Cycles through a list across every client of a run (the ids are shared, so the reads spread). */
function cycler(list) {
  let i = 0;
  return () => list[i++ % list.length];
}

/** The six staff reads: queue board, patient search, patient page, triage list, invoices, encounter page. */
export function staffReads(sessions, found) {
  const nextName = cycler(found.names);
  const nextPatient = cycler(found.patientIds);
  const nextEncounter = cycler(found.encounterIds);
  const cookie = (role) => ({ cookie: sessions[role].cookie });
  const list = [
    req('/appointments/queue/_board', { ...cookie('frontDesk'), ...HX }),
    req('/patients/_search?q=', { ...cookie('frontDesk'), ...HX }, { setupRequest: (r) => ({ ...r, path: `/patients/_search?q=${encodeURIComponent(nextName())}` }) }),
    req('/patients/:id', cookie('frontDesk'), { setupRequest: (r) => ({ ...r, path: `/patients/${nextPatient()}` }) }),
    req('/records/_triage', { ...cookie('nurse'), ...HX }),
    req('/billing/invoices', cookie('cashier')),
  ];
  if (found.encounterIds.length) list.push(req('/records/encounters/:id', cookie('doctor'), { setupRequest: (r) => ({ ...r, path: `/records/encounters/${nextEncounter()}` }) }));
  return list;
}

/** Staff reads plus the JSON API of every module (staff, audit, and the clinical ones), for chaos. */
export function moduleMix(sessions, found, adminToken) {
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  const nextName = cycler(found.names);
  const list = [
    ...staffReads(sessions, found),
    req('/api/v1/patients?q=', bearer(sessions.frontDesk.token), { setupRequest: (r) => ({ ...r, path: `/api/v1/patients?q=${encodeURIComponent(nextName())}` }) }),
    req('/api/v1/appointments/queue', bearer(sessions.frontDesk.token)),
    req('/api/v1/records/triage', bearer(sessions.nurse.token)),
    req('/api/v1/billing/invoices', bearer(sessions.cashier.token)),
    req('/api/v1/staff/me', bearer(sessions.frontDesk.token)),
  ];
  if (adminToken) list.push(req('/api/v1/audit', bearer(adminToken)));
  return list;
}

/**
 * The write phase's pair: register a new patient (a valid, never-used NIK),
 * then open the record just made. If the POST did not answer 201 there is no
 * id to open, so the client starts over with the next POST (counted in resets).
 */
export function registerThenOpen(token, makePatient) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return [
    req('/api/v1/patients', headers, {
      method: 'POST',
      setupRequest: (r) => ({ ...r, body: JSON.stringify(makePatient()) }),
      onResponse: (status, body, context) => {
        context.id = status === 201 ? JSON.parse(body).id : undefined;
      },
    }),
    req('/api/v1/patients/:id', { authorization: `Bearer ${token}` }, { setupRequest: (r, context) => (context.id ? { ...r, path: `/api/v1/patients/${context.id}` } : null) }),
  ];
}

/** The route polled to see a module answer again, and who may call it. */
export function probeFor(module, sessions, adminToken) {
  switch (module) {
    case 'patients':
      return { path: '/api/v1/patients?q=', token: sessions.frontDesk.token };
    case 'appointments':
      return { path: '/api/v1/appointments/queue', token: sessions.frontDesk.token };
    case 'records':
      return { path: '/api/v1/records/triage', token: sessions.nurse.token };
    case 'billing':
      return { path: '/api/v1/billing/invoices', token: sessions.cashier.token };
    case 'audit':
      return { path: '/api/v1/audit', token: adminToken };
    default:
      return { path: '/api/v1/staff/me', token: sessions.frontDesk.token };
  }
}
