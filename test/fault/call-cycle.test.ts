// Two modules that call each other under load must not deadlock: the patient
// page asks records for the visit history while the triage list asks patients
// for names. With contract calls queued behind the callers' own route slots,
// every slot of both modules ended up waiting on the other until the deadline
// (found by the load scenarios). Contract calls now have their own lane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { createPoli, registerPatient, walkIn } from '../support/visit.js';
import { mapLimit, metricValue } from '../support/writes.js';

let c: Clinic;
let patientId = 0;

beforeAll(async () => {
  c = await startClinic();
  const poli = await createPoli(c);
  const p = await registerPatient(c);
  patientId = p.id;
  await walkIn(c, p.id, poli.id);
});
afterAll(async () => {
  await c?.stop();
});

describe('modules calling each other under load', () => {
  it('serve every request of a patients ↔ records call cycle, with no timeout and no worker killed', async () => {
    const doctor = await c.browser('doctor');
    const paths = Array.from({ length: 120 }, (_, i) => (i % 2 ? `/patients/${patientId}` : '/records/triage'));
    const statuses = await mapLimit(paths, 16, async (p) => (await fetch(`${c.url}${p}`, { headers: { cookie: doctor.cookie } })).status);
    expect(statuses.filter((s) => s !== 200).join(",")).toBe("");
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    for (const module of ['patients', 'records']) {
      expect(metricValue(metrics, 'bilik_worker_restarts_total', { module, cause: 'timeout' }) ?? 0, module).toBe(0);
    }
  });

});
