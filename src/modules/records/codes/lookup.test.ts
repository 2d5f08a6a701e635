// The shipped code lists and their look-up.
import { describe, expect, it } from 'vitest';
import { findCode, fold, searchCodes, sizes } from './lookup.js';

const codes = (xs: Array<{ code: string }>) => xs.map((x) => x.code);

describe('code lists', () => {
  it('have the intended sizes and unique codes', () => {
    const s = sizes();
    expect(s.icd10).toBeGreaterThanOrEqual(150);
    expect(s.icd10).toBeLessThanOrEqual(250);
    expect(s.icd9cm).toBeGreaterThanOrEqual(40);
    expect(s.drug).toBeGreaterThanOrEqual(40);
    for (const system of ['icd10', 'icd9cm', 'drug'] as const) {
      const all = codes(searchCodes(system, '', 10_000));
      expect(new Set(all).size, system).toBe(all.length);
    }
  });

  it('contain the codes other suites rely on', () => {
    for (const c of ['J06.9', 'I10', 'E11.9', 'K29.7']) expect(findCode('icd10', c)?.code).toBe(c);
    for (const c of ['89.52', '86.59', '96.59', '99.23', '23.09', '89.7']) expect(findCode('icd9cm', c)?.code).toBe(c);
    expect(findCode('drug', 'PCT500')).toMatchObject({ name: 'Paracetamol', strength: '500 mg', form: 'tablet' });
    expect(findCode('drug', 'AMX500')).toMatchObject({ name: 'Amoxicillin', strength: '500 mg', form: 'kapsul' });
  });

  it('find exact codes case-insensitively and nothing for unknown ones', () => {
    expect(findCode('icd10', 'j06.9')?.code).toBe('J06.9');
    expect(findCode('drug', 'pct500')?.code).toBe('PCT500');
    expect(findCode('icd10', 'J06.99')).toBeUndefined();
    expect(findCode('icd10', '89.52')).toBeUndefined();
    expect(findCode('icd9cm', 'J06.9')).toBeUndefined();
  });
});

describe('searchCodes', () => {
  it('matches a code prefix, with or without the dot', () => {
    expect(codes(searchCodes('icd10', 'J06'))).toEqual(['J06.9']);
    expect(codes(searchCodes('icd10', 'j069'))).toEqual(['J06.9']);
    expect(codes(searchCodes('icd10', 'E11'))).toEqual(expect.arrayContaining(['E11.9', 'E11.6']));
    expect(codes(searchCodes('icd9cm', '89.5'))).toEqual(['89.52']);
    expect(codes(searchCodes('drug', 'amx'))).toEqual(['AMX500', 'AMXSYR']);
  });

  it('matches words in English or Indonesian, any case, accents ignored', () => {
    expect(codes(searchCodes('icd10', 'hypertension'))).toContain('I10');
    expect(codes(searchCodes('icd10', 'HIPERTENSI esensial'))).toEqual(['I10']);
    expect(codes(searchCodes('icd10', 'infeksi saluran pernapasan'))).toContain('J06.9');
    expect(codes(searchCodes('icd10', 'gastrítis'))).toContain('K29.7');
    expect(codes(searchCodes('icd9cm', 'EKG'))).toEqual(['89.52']);
    expect(codes(searchCodes('icd9cm', 'penjahitan kulit'))).toContain('86.59');
    expect(codes(searchCodes('drug', 'parasetamol'))).toEqual([]);
    expect(codes(searchCodes('drug', 'paracetamol 500'))).toEqual(['PCT500']);
  });

  it('requires every word and caps the result count', () => {
    expect(searchCodes('icd10', 'diabetes zzz')).toEqual([]);
    expect(searchCodes('icd10', 'a').length).toBeLessThanOrEqual(20);
    expect(searchCodes('icd10', '', 5)).toHaveLength(5);
  });

  it('folds text for matching', () => {
    expect(fold('  Ménière’s  DISEASE ')).toBe('meniere s disease');
  });
});
