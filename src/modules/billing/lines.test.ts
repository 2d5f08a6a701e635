import { describe, expect, it } from 'vitest';
import { buildLines, keysNeeded, parseTariffKey, tariffKey, type BillableVisit, type TariffPrice } from './lines.js';

const visit: BillableVisit = {
  encounterId: 1,
  patientId: 2,
  poliId: 3,
  status: 'finished',
  finishedAt: '2026-03-05T03:00:00.000Z',
  procedures: [
    { code: '96.59', display: 'Irrigation of wound' },
    { code: '89.52', display: 'Electrocardiogram' },
    { code: '96.59', display: 'Irrigation of wound' },
  ],
  prescriptions: [
    { drugCode: 'pct500', drugName: 'Paracetamol 500 mg', quantity: 10 },
    { drugCode: 'AMX500', drugName: 'Amoxicillin 500 mg', quantity: 15 },
    { drugCode: 'PCT500', drugName: 'Paracetamol 500 mg', quantity: 5 },
    { drugCode: 'CTM4', drugName: 'Klorfeniramin', quantity: 0 },
  ],
};

function tariffs(list: Array<[string, number, boolean?]>): Map<string, TariffPrice> {
  return new Map(list.map(([key, price, active]) => [key, { key, name: `T ${key}`, price, active: active ?? true }]));
}

describe('tariff keys', () => {
  it('normalise codes to upper case and parse back', () => {
    expect(tariffKey('drug', ' pct500 ')).toBe('drug:PCT500');
    expect(parseTariffKey('procedure:89.52')).toEqual({ kind: 'procedure', code: '89.52' });
    expect(parseTariffKey('consultation:umum')).toEqual({ kind: 'consultation', code: 'UMUM' });
    expect(parseTariffKey('lab:GDS')).toBeNull();
    expect(parseTariffKey('drug:')).toBeNull();
    expect(parseTariffKey('drug:A B')).toBeNull();
  });

  it('lists the keys a visit needs, once each', () => {
    expect(keysNeeded(visit, { id: 3, code: 'UMUM', name: 'Poli Umum' }).sort()).toEqual(
      ['consultation:UMUM', 'drug:AMX500', 'drug:CTM4', 'drug:PCT500', 'procedure:89.52', 'procedure:96.59'].sort(),
    );
    expect(keysNeeded(visit, { id: 3, code: null, name: null })).not.toContain('consultation:UMUM');
  });
});

describe('buildLines', () => {
  const priced = tariffs([
    ['consultation:UMUM', 50000],
    ['procedure:96.59', 35000],
    ['procedure:89.52', 75000],
    ['drug:PCT500', 500],
    ['drug:AMX500', 1500],
  ]);

  it('prices consultation, merged procedures and drugs per unit', () => {
    const lines = buildLines(visit, { id: 3, code: 'umum', name: 'Poli Umum' }, priced);
    expect(lines.map((l) => [l.kind, l.code, l.quantity, l.unitPrice, l.amount, l.tariffMissing])).toEqual([
      ['consultation', 'UMUM', 1, 50000, 50000, false],
      ['procedure', '96.59', 2, 35000, 70000, false],
      ['procedure', '89.52', 1, 75000, 75000, false],
      ['drug', 'PCT500', 15, 500, 7500, false],
      ['drug', 'AMX500', 15, 1500, 22500, false],
    ]);
    expect(lines[0]!.description).toBe('T consultation:UMUM');
  });

  it('bills an item without a tariff at Rp 0, marked, described from the visit', () => {
    const lines = buildLines(visit, { id: 3, code: 'UMUM', name: 'Poli Umum' }, tariffs([['drug:PCT500', 500]]));
    const consult = lines[0]!;
    expect(consult).toMatchObject({ kind: 'consultation', unitPrice: 0, amount: 0, tariffMissing: true, description: 'Poli Umum' });
    const amx = lines.find((l) => l.code === 'AMX500')!;
    expect(amx).toMatchObject({ quantity: 15, unitPrice: 0, amount: 0, tariffMissing: true, description: 'Amoxicillin 500 mg' });
    expect(lines.find((l) => l.code === 'PCT500')).toMatchObject({ amount: 7500, tariffMissing: false });
  });

  it('treats an inactive tariff as missing', () => {
    const lines = buildLines({ ...visit, procedures: [], prescriptions: [] }, { id: 3, code: 'UMUM', name: 'Poli Umum' }, tariffs([['consultation:UMUM', 50000, false]]));
    expect(lines).toEqual([{ kind: 'consultation', code: 'UMUM', description: 'Poli Umum', quantity: 1, unitPrice: 0, amount: 0, tariffMissing: true }]);
  });

  it('keeps the consultation line visible when the poli code is unknown', () => {
    const lines = buildLines({ ...visit, procedures: [], prescriptions: [] }, { id: 3, code: null, name: null }, priced);
    expect(lines).toEqual([{ kind: 'consultation', code: '#3', description: '', quantity: 1, unitPrice: 0, amount: 0, tariffMissing: true }]);
  });

  it('never produces a fractional or unsafe amount', () => {
    expect(() => buildLines({ ...visit, procedures: [], prescriptions: [{ drugCode: 'X', drugName: 'X', quantity: 2 ** 40 }] }, { id: 3, code: null, name: null }, tariffs([['drug:X', 2 ** 20]]))).toThrow(RangeError);
  });
});
