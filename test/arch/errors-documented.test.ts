// Every stable error code is documented in docs/errors.md with its status, and
// every documented code still exists (fastify-style "codes are documented").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelErrors, type ErrorSpec } from '../../src/kernel/index.js';
import { modules } from '../../src/modules/index.js';

const ROOT = path.resolve(__dirname, '../..');

function specsOf(obj: Record<string, unknown>): ErrorSpec[] {
  return Object.values(obj).filter((v): v is ErrorSpec => !!v && typeof v === 'object' && 'code' in v && 'status' in v);
}

async function allSpecs(): Promise<Array<ErrorSpec & { owner: string }>> {
  const out = specsOf(KernelErrors).map((s) => ({ ...s, owner: 'kernel' }));
  for (const m of modules) {
    const mod = (await import(path.join(ROOT, 'src/modules', m.name, 'errors.ts'))) as Record<string, unknown>;
    for (const exported of Object.values(mod)) {
      if (exported && typeof exported === 'object') out.push(...specsOf(exported as Record<string, unknown>).map((s) => ({ ...s, owner: m.name })));
    }
  }
  return out;
}

function documented(): Map<string, number> {
  const doc = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)];
  return new Map(rows.map((r) => [r[1]!, Number(r[2])]));
}

describe('error codes', () => {
  it('are unique across the kernel and every module', async () => {
    const specs = await allSpecs();
    const codes = specs.map((s) => s.code);
    expect(codes.length).toBeGreaterThan(15);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are all documented with their status, and the doc lists no stale code', async () => {
    const specs = await allSpecs();
    const doc = documented();
    for (const s of specs) expect([s.code, doc.get(s.code)]).toEqual([s.code, s.status]);
    const known = new Set(specs.map((s) => s.code));
    expect([...doc.keys()].filter((c) => !known.has(c))).toEqual([]);
  });

  it('use module-prefixed codes outside the kernel', async () => {
    for (const s of await allSpecs()) {
      if (s.owner === 'kernel') continue;
      // The module's name, singular or plural: PATIENT_…, STAFF_…
      const prefix = s.owner.toUpperCase().replace(/S$/, '');
      expect(s.code.startsWith(prefix), s.code).toBe(true);
    }
  });
});
