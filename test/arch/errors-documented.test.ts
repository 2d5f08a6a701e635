// Every stable error code is documented in docs/errors.md with its status, and
// every documented code still exists (fastify-style "codes are documented").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allErrorSpecs } from '../support/error-specs.js';

const ROOT = path.resolve(__dirname, '../..');

function documented(): Map<string, number> {
  const doc = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)];
  return new Map(rows.map((r) => [r[1]!, Number(r[2])]));
}

describe('error codes', () => {
  it('are unique across the kernel and every module', async () => {
    const specs = await allErrorSpecs();
    const codes = specs.map((s) => s.code);
    expect(codes.length).toBeGreaterThan(15);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are all documented with their status, and the doc lists no stale code', async () => {
    const specs = await allErrorSpecs();
    const doc = documented();
    for (const s of specs) expect([s.code, doc.get(s.code)]).toEqual([s.code, s.status]);
    const known = new Set(specs.map((s) => s.code));
    expect([...doc.keys()].filter((c) => !known.has(c))).toEqual([]);
  });

  it('use module-prefixed codes outside the kernel', async () => {
    for (const s of await allErrorSpecs()) {
      if (s.owner === 'kernel') continue;
      // The module's name, singular or plural: PATIENT_…, STAFF_…
      const prefix = s.owner.toUpperCase().replace(/S$/, '');
      expect(s.code.startsWith(prefix), s.code).toBe(true);
    }
  });
});
