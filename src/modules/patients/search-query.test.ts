import { describe, expect, it } from 'vitest';
import { classifyQuery, formatMrn } from './search-query.js';

describe('formatMrn', () => {
  it('pads to six digits and grows past them', () => {
    expect(formatMrn(123)).toBe('RM-000123');
    expect(formatMrn(1)).toBe('RM-000001');
    expect(formatMrn(1234567)).toBe('RM-1234567');
  });
});

describe('classifyQuery', () => {
  it('lists recent patients for an empty query', () => {
    expect(classifyQuery('')).toEqual({ kind: 'recent' });
    expect(classifyQuery('   ')).toEqual({ kind: 'recent' });
    expect(classifyQuery(undefined)).toEqual({ kind: 'recent' });
  });

  it('recognises a full NIK, with or without separators', () => {
    expect(classifyQuery('3171011708850001')).toEqual({ kind: 'nik', nik: '3171011708850001' });
    expect(classifyQuery('3171 0117 0885 0001')).toEqual({ kind: 'nik', nik: '3171011708850001' });
  });

  it('treats 6 to 15 digits as a NIK prefix, fewer as nothing', () => {
    expect(classifyQuery('317101')).toEqual({ kind: 'nikPrefix', prefix: '317101' });
    expect(classifyQuery('12345')).toEqual({ kind: 'none' });
  });

  it('recognises MRNs in every spelling', () => {
    for (const q of ['RM-000123', 'rm-123', 'RM 123', 'rm123', 'Rm-0123']) {
      expect(classifyQuery(q)).toEqual({ kind: 'mrn', mrn: 'RM-000123' });
    }
  });

  it('searches names by their longest word', () => {
    expect(classifyQuery('Siti')).toEqual({ kind: 'name', drive: 'siti', others: [] });
    expect(classifyQuery('si amin')).toEqual({ kind: 'name', drive: 'amin', others: ['si'] });
    expect(classifyQuery('JOSÉ')).toEqual({ kind: 'name', drive: 'jose', others: [] });
  });

  it('ignores punctuation-only input and caps the word count', () => {
    expect(classifyQuery('...')).toEqual({ kind: 'none' });
    const q = classifyQuery('a bb ccc dddd eeeee ffffff');
    expect(q.kind === 'name' && [q.drive, ...q.others].length).toBe(4);
  });

  it('does not mistake a name starting with rm for an MRN', () => {
    expect(classifyQuery('Rmawati')).toEqual({ kind: 'name', drive: 'rmawati', others: [] });
  });
});
