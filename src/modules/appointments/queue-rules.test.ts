import { describe, expect, it } from 'vitest';
import { activeKey, formatQueueNumber, isHighNews2, nextStatus, statusFromEncounter } from './queue-rules.js';
import { parsePatientRef } from './patient-ref.js';

describe('queue numbers', () => {
  it('pads to three digits and grows past 999', () => {
    expect(formatQueueNumber('U', 7)).toBe('U-007');
    expect(formatQueueNumber('G', 42)).toBe('G-042');
    expect(formatQueueNumber('K', 1234)).toBe('K-1234');
  });
  it('keys one open entry per patient, poli and day', () => {
    expect(activeKey(5, 2, '2025-06-02')).toBe('5|2|2025-06-02');
  });
});

describe('transitions', () => {
  it('allows call, no-show and cancel only from waiting or called', () => {
    expect(nextStatus('waiting', 'call')).toBe('called');
    expect(nextStatus('called', 'call')).toBe('called');
    expect(nextStatus('called', 'no-show')).toBe('no-show');
    expect(nextStatus('waiting', 'cancel')).toBe('cancelled');
    for (const from of ['in-consultation', 'done', 'no-show', 'cancelled', 'pending']) {
      expect(nextStatus(from, 'call')).toBeNull();
      expect(nextStatus(from, 'cancel')).toBeNull();
    }
  });
  it('follows the encounter forward only', () => {
    expect(statusFromEncounter('waiting', 'arrived')).toBeNull();
    expect(statusFromEncounter('called', 'in-progress')).toBe('in-consultation');
    expect(statusFromEncounter('in-consultation', 'finished')).toBe('done');
    expect(statusFromEncounter('waiting', 'finished')).toBe('done');
    expect(statusFromEncounter('done', 'in-progress')).toBeNull();
    expect(statusFromEncounter('no-show', 'cancelled')).toBeNull();
    expect(statusFromEncounter('waiting', 'cancelled')).toBe('cancelled');
  });
  it('flags medium and high NEWS2', () => {
    expect(isHighNews2(null)).toBe(false);
    expect(isHighNews2({ score: 2, risk: 'low' })).toBe(false);
    expect(isHighNews2({ score: 3, risk: 'low-medium' })).toBe(false);
    expect(isHighNews2({ score: 5, risk: 'medium' })).toBe(true);
    expect(isHighNews2({ score: 8, risk: 'high' })).toBe(true);
  });
});

describe('patient references on forms', () => {
  it('reads MRNs and plain numbers, refuses the rest', () => {
    expect(parsePatientRef('RM-000123')).toEqual({ id: 123, mrn: 'RM-000123' });
    expect(parsePatientRef(' rm 45 ')).toEqual({ id: 45, mrn: 'RM-000045' });
    expect(parsePatientRef('77')).toEqual({ id: 77, mrn: null });
    for (const bad of ['', 'RM-', 'abc', '0', 'RM-0', '99999999999', 12 as unknown as string, undefined]) expect(parsePatientRef(bad)).toBeNull();
  });
});

describe('board alerts', () => {
  it('lists the ids of medium and high NEWS2 entries only', async () => {
    const { alertIdsOf } = await import('./queue-rules.js');
    expect(alertIdsOf([
      { id: 1, news2: null },
      { id: 2, news2: { score: 6, risk: 'medium' } },
      { id: 3, news2: { score: 3, risk: 'low-medium' } },
      { id: 4, news2: { score: 9, risk: 'high' } },
    ])).toEqual([2, 4]);
  });
});

describe('schemas', () => {
  it('refuse control characters in names and rooms (Postgres refuses NUL in text)', async () => {
    const { poliPatchSchema } = await import('./schemas.js');
    expect(poliPatchSchema.safeParse({ name: '\u0000' }).success).toBe(false);
    expect(poliPatchSchema.safeParse({ room: 'Ruang\n1' }).success).toBe(false);
    expect(poliPatchSchema.safeParse({ name: 'Poli KIA / Ibu & Anak' }).success).toBe(true);
  });
});
