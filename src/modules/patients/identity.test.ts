import { describe, expect, it } from 'vitest';
import {
  ageOn,
  buildNik,
  checkBirthDate,
  checkFullName,
  checkNikAgainst,
  foldForSearch,
  nameTokens,
  nikDatePart,
  normalizeName,
  normalizePhone,
  parseIsoDate,
  parseNik,
  prefixUpperBound,
  todayInIndonesia,
} from './identity.js';

describe('parseNik', () => {
  it('reads a man’s NIK', () => {
    const r = parseNik('3171011708850001');
    expect(r).toEqual({ ok: true, parts: { region: '317101', day: 17, month: 8, year2: 85, sex: 'M', serial: '0001' } });
  });

  it('reads a woman’s NIK: day + 40', () => {
    const r = parseNik('3273015711920047');
    expect(r.ok && r.parts).toMatchObject({ day: 17, month: 11, year2: 92, sex: 'F' });
  });

  it.each([
    ['too short', '317101170885000', 'patients.error.nik.length'],
    ['too long', '31710117088500011', 'patients.error.nik.length'],
    ['letters', '31710117088500A1', 'patients.error.nik.length'],
    ['spaces are not stripped here', '3171 0117 0885 0001', 'patients.error.nik.length'],
    ['province below 11', '0971011708850001', 'patients.error.nik.province'],
    ['month 00', '3171011700850001', 'patients.error.nik.month'],
    ['month 13', '3171011713850001', 'patients.error.nik.month'],
    ['day 00', '3171010008850001', 'patients.error.nik.day'],
    ['day 32', '3171013208850001', 'patients.error.nik.day'],
    ['day 40 (neither a man nor a woman)', '3171014008850001', 'patients.error.nik.day'],
    ['day 72 (woman, 32nd)', '3171017208850001', 'patients.error.nik.day'],
    ['April 31', '3171013104850001', 'patients.error.nik.day'],
    ['serial 0000', '3171011708850000', 'patients.error.nik.serial'],
  ])('rejects %s', (_label, nik, key) => {
    const r = parseNik(nik);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe(key);
  });

  it('accepts Feb 29 when 19yy or 20yy is a leap year', () => {
    expect(parseNik('3302012902560003').ok).toBe(true); // 1956
    expect(parseNik('3302016902000003').ok).toBe(true); // woman, 2000 (leap although % 100)
  });

  it('rejects Feb 29 when neither 19yy nor 20yy is a leap year', () => {
    expect(parseNik('3302012902010003').ok).toBe(false); // 1901 / 2001
    expect(parseNik('3302016902230003').ok).toBe(false); // woman, 1923 / 2023
  });

  it('accepts the highest serial and the last day of a woman’s month', () => {
    expect(parseNik('3171017112999999').ok).toBe(true); // Dec 31, woman
  });
});

describe('checkNikAgainst', () => {
  it('agrees for a man', () => {
    expect(checkNikAgainst('3171011708850001', '1985-08-17', 'M')).toBeNull();
  });

  it('agrees for a woman (day + 40)', () => {
    expect(checkNikAgainst('3273015711920047', '1992-11-17', 'F')).toBeNull();
  });

  it('agrees for a woman born on the 1st (day 41)', () => {
    expect(checkNikAgainst('3273014101000047', '2000-01-01', 'F')).toBeNull();
  });

  it('flags a woman recorded with a man’s NIK', () => {
    expect(checkNikAgainst('3171011708850001', '1985-08-17', 'F')).toEqual({ message: 'patients.error.nik.manNik' });
  });

  it('flags a man recorded with a woman’s NIK', () => {
    expect(checkNikAgainst('3273015711920047', '1992-11-17', 'M')).toEqual({ message: 'patients.error.nik.womanNik' });
  });

  it('flags a day that does not match and says what the digits should be', () => {
    expect(checkNikAgainst('3171011708850001', '1985-08-18', 'M')).toEqual({ message: 'patients.error.nik.date', params: { expected: '180885' } });
  });

  it('flags a month that does not match', () => {
    expect(checkNikAgainst('3171011708850001', '1985-09-17', 'M')).toEqual({ message: 'patients.error.nik.date', params: { expected: '170985' } });
  });

  it('flags a year that does not match, and gives the woman’s date part', () => {
    expect(checkNikAgainst('3273015711920047', '1993-11-17', 'F')).toEqual({ message: 'patients.error.nik.dateWoman', params: { expected: '571193' } });
  });

  it('treats the two-digit year as either century', () => {
    expect(checkNikAgainst('3171011708050001', '2005-08-17', 'M')).toBeNull();
    expect(checkNikAgainst('3171011708050001', '1905-08-17', 'M')).toBeNull();
  });

  it('agrees on a Feb 29 birthday', () => {
    expect(checkNikAgainst('3302016902560003', '1956-02-29', 'F')).toBeNull();
  });

  it('returns the structural message for a malformed NIK', () => {
    expect(checkNikAgainst('12345', '1985-08-17', 'M')).toEqual({ message: 'patients.error.nik.length' });
  });

  it('leaves an invalid birth date to its own field', () => {
    expect(checkNikAgainst('3171011708850001', '1985-02-30', 'M')).toBeNull();
  });
});

describe('buildNik / nikDatePart', () => {
  it('builds a NIK that parses back to the same date and sex', () => {
    const nik = buildNik('347101', '1948-03-17', 'F', 12);
    expect(nik).toBe('3471015703480012');
    expect(checkNikAgainst(nik, '1948-03-17', 'F')).toBeNull();
  });

  it('pads day, month and serial', () => {
    expect(nikDatePart('2001-01-05', 'M')).toBe('050101');
    expect(buildNik('317101', '2001-01-05', 'M', 7)).toBe('3171010501010007');
  });

  it('refuses a bad region or serial', () => {
    expect(() => buildNik('31710', '2001-01-05', 'M', 1)).toThrow();
    expect(() => buildNik('317101', '2001-01-05', 'M', 0)).toThrow();
    expect(() => buildNik('317101', '2001-01-05', 'M', 10000)).toThrow();
  });
});

describe('dates', () => {
  it('parses real calendar dates only', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('1900-02-29')).toBeNull();
    expect(parseIsoDate('2000-02-29')).not.toBeNull();
    expect(parseIsoDate('2024-13-01')).toBeNull();
    expect(parseIsoDate('2024-1-1')).toBeNull();
    expect(parseIsoDate('01-01-2024')).toBeNull();
  });

  it('computes today in WIT (UTC+9)', () => {
    expect(todayInIndonesia(new Date('2024-05-01T14:59:00Z'))).toBe('2024-05-01');
    expect(todayInIndonesia(new Date('2024-05-01T15:00:00Z'))).toBe('2024-05-02');
  });

  it('checks birth dates', () => {
    const now = new Date('2024-05-01T03:00:00Z');
    expect(checkBirthDate('1985-08-17', now)).toBeNull();
    expect(checkBirthDate('1900-01-01', now)).toBeNull();
    expect(checkBirthDate('2024-05-01', now)).toBeNull(); // born today
    expect(checkBirthDate('1899-12-31', now)).toBe('patients.error.birthDate.before1900');
    expect(checkBirthDate('2024-05-02', now)).toBe('patients.error.birthDate.future');
    expect(checkBirthDate('2023-02-29', now)).toBe('patients.error.birthDate.notReal');
    expect(checkBirthDate('17-08-1985', now)).toBe('patients.error.birthDate.format');
    expect(checkBirthDate('', now)).toBe('patients.error.birthDate.format');
  });

  it('computes ages, a Feb 29 birthday counting on Mar 1', () => {
    expect(ageOn('1985-08-17', '2024-08-16')).toBe(38);
    expect(ageOn('1985-08-17', '2024-08-17')).toBe(39);
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2024-05-01', '2024-05-01')).toBe(0);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['+62-812-3456-7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['(021) 5551234', '+62215551234'],
    ['0274 512 334', '+62274512334'],
  ])('normalises %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each([
    ['empty', ''],
    ['letters', '0812-ABC-7890'],
    ['too short', '0812345'],
    ['too long', '08123456789012'],
    ['another country', '+6591234567'],
    ['double zero after the country code', '+62 0812 3456 7890'],
    ['plus without country', '+81234567890'],
  ])('rejects %s', (_label, raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});

describe('names', () => {
  it.each([
    'Sukarni',
    'Budi Santoso',
    'Siti-Aminah',
    "Nur'aini",
    'Nur’aini',
    'dr. Siti, S.Ked',
    'Hj. Nur Hasanah',
    'José Ramos-Horta',
    'Ni Luh Putu Ayu Lestari',
    'I',
  ])('accepts %s', (name) => {
    expect(checkFullName(normalizeName(name))).toBeNull();
  });

  it.each([
    ['empty', '', 'patients.error.fullName.required'],
    ['digits', 'Budi 2', 'patients.error.fullName.chars'],
    ['a script tag', '<script>alert(1)</script>', 'patients.error.fullName.chars'],
    ['leading punctuation', '-Budi', 'patients.error.fullName.chars'],
    ['too long', 'a'.repeat(101), 'patients.error.fullName.tooLong'],
  ])('rejects %s', (_label, name, key) => {
    expect(checkFullName(normalizeName(name))).toBe(key);
  });

  it('normalises spacing and composition', () => {
    expect(normalizeName('  Budi   Santoso ')).toBe('Budi Santoso');
    expect(normalizeName('Jose\u0301')).toBe('José');
  });

  it('folds for search: case, accents, apostrophes', () => {
    expect(foldForSearch('  JOSÉ  Nur’Aini ')).toBe('jose nuraini');
  });

  it('tokenises every word, once', () => {
    expect(nameTokens('dr. Siti, S.Ked')).toEqual(['dr', 'siti', 's', 'ked']);
    expect(nameTokens('Siti-Aminah Siti')).toEqual(['siti', 'aminah']);
    expect(nameTokens("Hj. Nur'aini")).toEqual(['hj', 'nuraini']);
    expect(nameTokens('Sukarni')).toEqual(['sukarni']);
  });

  it('gives an exclusive upper bound for a prefix range', () => {
    expect(prefixUpperBound('sit')).toBe('siu');
    expect(prefixUpperBound('z')).toBe('{');
    expect('siti' < prefixUpperBound('sit') && 'sitzzz' < prefixUpperBound('sit')).toBe(true);
    expect('siu' < prefixUpperBound('sit')).toBe(false);
    expect(() => prefixUpperBound('')).toThrow();
  });
});
