// Property tests for the audit filter: random and hostile query strings on
// GET /api/v1/audit and the /audit page never produce a 5xx; anything the
// schema refuses is a 422 with field messages, anything it accepts a 200 whose
// entries really match the filter. Reading the log never writes to it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinic, type Clinic } from '../support/clinic.js';
import { countTable } from '../support/patients.js';
import { expectStatus, registerPatient } from '../support/visit.js';

let c: Clinic;
const RUNS = 50;

beforeAll(async () => {
  c = await startClinic();
  const p = await registerPatient(c);
  expectStatus(await c.api('doctor', 'GET', `/api/v1/patients/${p.id}`), 200);
});
afterAll(async () => {
  await c?.stop();
});

const KEYS = ['patientId', 'encounterId', 'userId', 'action', 'from', 'to', 'page', 'sort', 'patientId[]', '__proto__', 'constructor'];
const value = fc.oneof(
  fc.constantFrom('', '0', '1', '-1', '2', '1.5', '1e3', '2147483648', '99999999999999999999', 'abc', 'read', 'create', 'update', 'delete', 'READ'),
  fc.constantFrom('2026-01-01', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-01-01T00:00:00Z', '2026-01-01T99:99:99Z', '2026-01-01T10:00:00+07:00', '2026-01-01T10:00', 'today'),
  fc.constantFrom("'; drop table audit_log; --", '<script>alert(1)</script>', '\u0000', '%00', 'ＡＢＣ', ' 1 ', '1,2'),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: -5, max: 200 }).map(String),
);
const query = fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 6 });
const qs = (pairs: Array<[string, string]>) => new URLSearchParams(pairs).toString();

describe('GET /api/v1/audit with any query', () => {
  it('answers 200 with matching entries or 422 with field messages, never a 5xx, and stores nothing', async () => {
    const before = await countTable(c.b, 'patients', 'audit_log');
    await fc.assert(
      fc.asyncProperty(query, async (pairs) => {
        const r = await c.api('admin', 'GET', `/api/v1/audit?${qs(pairs)}`);
        expect(r.status, `${qs(pairs)} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
        expect([200, 422], qs(pairs)).toContain(r.status);
        if (r.status === 422) {
          expect(['VALIDATION_FAILED', 'AUDIT_RANGE_REVERSED']).toContain(r.body.error.code);
          expect(Object.keys(r.body.error.fields ?? {}).length).toBeGreaterThan(0);
          return;
        }
        const given = new URLSearchParams(pairs);
        for (const e of r.body.entries) {
          if (given.get('patientId')) expect(e.patientId).toBe(Number(given.get('patientId')));
          if (given.get('userId')) expect(e.userId).toBe(Number(given.get('userId')));
          if (given.get('action')) expect(e.action).toBe(given.get('action'));
        }
      }),
      { numRuns: RUNS },
    );
    expect(await countTable(c.b, 'patients', 'audit_log')).toBe(before);
  });

  it('renders the page (200 or 422), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (pairs) => {
        const r = await c.page('admin', 'GET', `/audit?${qs(pairs)}`);
        expect([200, 422], `${qs(pairs)} → HTTP ${r.status}`).toContain(r.status);
        expect(r.text).toContain('id="audit-main"');
      }),
      { numRuns: RUNS },
    );
  });
});
