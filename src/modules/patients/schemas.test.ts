import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validate } from '../../kernel/index.js';
import { BilikError } from '../../kernel/index.js';
import { parsePatientId, patientPatchSchema, patientSchema, searchQuerySchema, summariesArgsSchema } from './schemas.js';

const valid = {
  nik: '3171011708850001',
  fullName: 'Budi Santoso',
  sex: 'M',
  birthDate: '1985-08-17',
  payer: 'general',
};

/** The field → message map the kernel would answer with (first message per field). */
function fieldsOf(schema: z.ZodType, value: unknown, form = false): Record<string, string> {
  try {
    validate(schema, value, { form });
  } catch (err) {
    if (err instanceof BilikError && err.fields) return err.fields;
    throw err;
  }
  return {};
}

describe('patientSchema', () => {
  it('accepts a minimal general patient and normalises it', () => {
    const p = patientSchema.parse({ ...valid, nik: '3171 0117 0885 0001', fullName: '  Budi   Santoso ', phone: '0812-3456-7890' });
    expect(p).toMatchObject({ nik: '3171011708850001', fullName: 'Budi Santoso', phone: '+6281234567890' });
  });

  it('accepts a single-word name and a title with commas', () => {
    expect(fieldsOf(patientSchema, { ...valid, fullName: 'Sukarni' })).toEqual({});
    expect(fieldsOf(patientSchema, { ...valid, fullName: 'dr. Budi, Sp.PD' })).toEqual({});
  });

  it('names every missing required field', () => {
    expect(fieldsOf(patientSchema, {})).toMatchObject({
      nik: 'NIK is required.',
      fullName: 'Full name is required.',
      sex: expect.stringMatching(/male \(M\) or female \(F\)/),
      birthDate: 'Birth date is required.',
      payer: expect.stringMatching(/general, bpjs or insurance/),
    });
  });

  it('puts a NIK/birth-date mismatch on the NIK field', () => {
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '1985-08-18' })).toEqual({
      nik: expect.stringMatching(/digits 7–12 must be 180885/),
    });
  });

  it('puts a NIK/sex mismatch on the NIK field', () => {
    expect(fieldsOf(patientSchema, { ...valid, sex: 'F' }).nik).toMatch(/\+ 40/);
  });

  it('accepts a woman’s NIK with day + 40', () => {
    expect(fieldsOf(patientSchema, { ...valid, nik: '3273015711920047', sex: 'F', birthDate: '1992-11-17' })).toEqual({});
  });

  it('does not pile a mismatch message on a malformed NIK', () => {
    expect(fieldsOf(patientSchema, { ...valid, nik: '123' })).toEqual({ nik: 'NIK must be exactly 16 digits.' });
  });

  it('rejects future, pre-1900 and impossible birth dates', () => {
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '2999-01-01' }).birthDate).toMatch(/future/);
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '1899-12-31' }).birthDate).toMatch(/1900/);
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '1985-02-30' }).birthDate).toMatch(/real calendar date/);
  });

  it('requires a 13-digit BPJS number when the payer is BPJS', () => {
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs' })).toEqual({ bpjsNumber: 'BPJS number is required when the payer is BPJS.' });
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs', bpjsNumber: '12345' }).bpjsNumber).toMatch(/13 digits/);
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs', bpjsNumber: '0001 2345 67891' })).toEqual({});
  });

  it('requires insurer and policy number when the payer is insurance', () => {
    expect(fieldsOf(patientSchema, { ...valid, payer: 'insurance' })).toEqual({
      insurerName: expect.stringMatching(/Insurer is required/),
      policyNumber: expect.stringMatching(/Policy number is required/),
    });
    expect(fieldsOf(patientSchema, { ...valid, payer: 'insurance', insurerName: 'Prudential', policyNumber: 'PRU-1/2' })).toEqual({});
  });

  it('rejects a bad phone and an overlong address', () => {
    expect(fieldsOf(patientSchema, { ...valid, phone: '12ab' }).phone).toMatch(/Indonesian number/);
    expect(fieldsOf(patientSchema, { ...valid, address: 'x'.repeat(301) }).address).toMatch(/300/);
  });

  it('keeps markup in an address as text (escaping is the view’s job)', () => {
    expect(patientSchema.parse({ ...valid, address: '<script>alert(1)</script>' }).address).toBe('<script>alert(1)</script>');
  });

  it('treats empty form fields as absent', () => {
    const form = { ...valid, phone: '', address: '', bpjsNumber: '', insurerName: '', policyNumber: '', _csrf: 'x' };
    expect(fieldsOf(patientSchema, form, true)).toEqual({});
  });

  it('drops unknown keys such as the CSRF token', () => {
    expect(patientSchema.parse({ ...valid, _csrf: 'x' })).not.toHaveProperty('_csrf');
  });

  it('allows null to clear optional fields', () => {
    expect(fieldsOf(patientSchema, { ...valid, phone: null, address: null })).toEqual({});
  });

  it('can be described as JSON Schema for the OpenAPI document', () => {
    expect(() => z.toJSONSchema(patientSchema, { io: 'input' })).not.toThrow();
    expect(() => z.toJSONSchema(patientSchema)).not.toThrow();
    expect(() => z.toJSONSchema(patientPatchSchema, { io: 'input' })).not.toThrow();
    expect(() => z.toJSONSchema(searchQuerySchema, { io: 'input' })).not.toThrow();
  });
});

describe('patientPatchSchema', () => {
  it('accepts any subset and checks each given field', () => {
    expect(fieldsOf(patientPatchSchema, {})).toEqual({});
    expect(fieldsOf(patientPatchSchema, { phone: '0812 1111 2222' })).toEqual({});
    expect(fieldsOf(patientPatchSchema, { nik: 'abc' })).toEqual({ nik: 'NIK must be exactly 16 digits.' });
  });
});

describe('searchQuerySchema', () => {
  it('defaults the page and coerces it from the query string', () => {
    expect(searchQuerySchema.parse({})).toEqual({ page: 1 });
    expect(searchQuerySchema.parse({ q: ' siti ', page: '3' })).toEqual({ q: 'siti', page: 3 });
  });

  it('rejects bad pages and arrays', () => {
    expect(fieldsOf(searchQuerySchema, { page: '0' }).page).toMatch(/starts at 1/);
    expect(fieldsOf(searchQuerySchema, { page: 'x' }).page).toBeDefined();
    expect(fieldsOf(searchQuerySchema, { page: '100000' }).page).toMatch(/at most/);
    expect(fieldsOf(searchQuerySchema, { q: ['a', 'b'] }).q).toMatch(/single text value/);
  });
});

describe('summariesArgsSchema', () => {
  it('allows at most 100 positive integer ids', () => {
    expect(fieldsOf(summariesArgsSchema, { ids: [1, 2, 3] })).toEqual({});
    expect(fieldsOf(summariesArgsSchema, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }).ids).toMatch(/At most 100/);
    expect(fieldsOf(summariesArgsSchema, { ids: [0] })).not.toEqual({});
  });
});

describe('parsePatientId', () => {
  it.each([
    ['1', 1],
    ['123', 123],
    ['0', null],
    ['-1', null],
    ['01', null],
    ['1.5', null],
    ['abc', null],
    ['', null],
    [undefined, null],
    ['99999999999999999', null],
  ])('%s → %s', (raw, id) => {
    expect(parsePatientId(raw)).toBe(id);
  });
});
