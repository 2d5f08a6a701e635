import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../kernel/index.js';
import { compareEntries, mergePage, perModuleLimit, PAGE_SIZE } from './merge.js';

let nextId = 1;
function entry(module: string, at: string, over: Partial<AuditEntry> = {}): AuditEntry {
  return { id: nextId++, at, userId: 1, username: 'admin', role: 'admin', action: 'read', patientId: 1, encounterId: null, entity: 'patient', module, ...over };
}

describe('compareEntries', () => {
  it('puts the newest first, then module name, then the higher id', () => {
    const a = entry('records', '2026-01-01T10:00:00.000Z', { id: 5 });
    const b = entry('billing', '2026-01-01T10:00:00.000Z', { id: 1 });
    const c = entry('billing', '2026-01-01T10:00:00.000Z', { id: 9 });
    const d = entry('patients', '2026-01-01T11:00:00.000Z', { id: 2 });
    expect([a, b, c, d].sort(compareEntries).map((e) => `${e.module}#${e.id}`)).toEqual(['patients#2', 'billing#9', 'billing#1', 'records#5']);
  });
});

describe('mergePage', () => {
  const hour = (h: number, m = 0) => `2026-01-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;

  it('interleaves the modules newest first and drops the internal id', () => {
    const patients = [entry('patients', hour(12)), entry('patients', hour(9))];
    const records = [entry('records', hour(11)), entry('records', hour(10))];
    const { entries, hasMore } = mergePage([patients, records, []], 1);
    expect(entries.map((e) => e.at)).toEqual([hour(12), hour(11), hour(10), hour(9)]);
    expect(entries[0]).not.toHaveProperty('id');
    expect(entries[0]).toMatchObject({ module: 'patients', username: 'admin', action: 'read' });
    expect(hasMore).toBe(false);
  });

  it('pages by PAGE_SIZE and says whether more exist', () => {
    const many = Array.from({ length: 120 }, (_, i) => entry(i % 2 ? 'patients' : 'records', hour(Math.floor(i / 60), i % 60)));
    const byModule = ['patients', 'records'].map((m) => many.filter((e) => e.module === m).sort(compareEntries));
    const p1 = mergePage(byModule, 1);
    const p2 = mergePage(byModule, 2);
    const p3 = mergePage(byModule, 3);
    expect(p1.entries).toHaveLength(PAGE_SIZE);
    expect(p1.hasMore).toBe(true);
    expect(p2.entries).toHaveLength(PAGE_SIZE);
    expect(p3.entries).toHaveLength(20);
    expect(p3.hasMore).toBe(false);
    const seen = [...p1.entries, ...p2.entries, ...p3.entries].map((e) => e.at + e.module);
    expect(new Set(seen).size).toBe(120);
    // Strictly non-increasing across page boundaries.
    const ats = [...p1.entries, ...p2.entries, ...p3.entries].map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });

  it('asks each module for enough entries to fill the page, plus one, capped by the contract', () => {
    expect(perModuleLimit(1)).toBe(51);
    expect(perModuleLimit(3)).toBe(151);
    expect(perModuleLimit(100)).toBe(5000);
  });
});
