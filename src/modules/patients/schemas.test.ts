import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BilikError } from '../../kernel/index.js';
import { parsePatientId, patientPatchSchema, patientSchema, searchQuerySchema, summariesArgsSchema } from './schemas.js';
import { validateInput } from './validation.js';

const valid = {
  nik: '3171011708850001',
  fullName: 'Budi Santoso',
  sex: 'M',
  birthDate: '1985-08-17',
  payer: 'general',
};

/** The 422 the handlers answer with (first message key per field, params for the keys' placeholders), or null. */
function errorOf(schema: z.ZodType, value: unknown, form = false): BilikError | null {
  try {
    validateInput(schema, value, { form });
  } catch (err) {
    if (err instanceof BilikError && err.fields) return err;
    throw err;
  }
  return null;
}

/** The field → message key map. */
function fieldsOf(schema: z.ZodType, value: unknown, form = false): Record<string, string> {
  return errorOf(schema, value, form)?.fields ?? {};
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
    expect(fieldsOf(patientSchema, {})).toEqual({
      nik: 'patients.error.nik.required',
      fullName: 'patients.error.fullName.required',
      sex: 'patients.error.sex.choice',
      birthDate: 'patients.error.birthDate.required',
      payer: 'patients.error.payer.choice',
    });
  });

  it('says "must be text" for a value of the wrong type', () => {
    expect(fieldsOf(patientSchema, { ...valid, fullName: 42 })).toEqual({ fullName: 'patients.error.notText' });
  });

  it('puts a NIK/birth-date mismatch on the NIK field, with the digits expected as a param', () => {
    const err = errorOf(patientSchema, { ...valid, birthDate: '1985-08-18' });
    expect(err?.fields).toEqual({ nik: 'patients.error.nik.date' });
    expect(err?.params).toEqual({ expected: '180885' });
    const woman = errorOf(patientSchema, { ...valid, nik: '3273015711920047', sex: 'F', birthDate: '1993-11-17' });
    expect(woman?.fields).toEqual({ nik: 'patients.error.nik.dateWoman' });
    expect(woman?.params).toEqual({ expected: '571193' });
  });

  it('puts a NIK/sex mismatch on the NIK field', () => {
    expect(fieldsOf(patientSchema, { ...valid, sex: 'F' })).toEqual({ nik: 'patients.error.nik.manNik' });
    expect(fieldsOf(patientSchema, { ...valid, nik: '3273015711920047', sex: 'M', birthDate: '1992-11-17' })).toEqual({ nik: 'patients.error.nik.womanNik' });
  });

  it('carries params in form mode too (empty fields dropped first)', () => {
    const err = errorOf(patientSchema, { ...valid, birthDate: '1985-08-18', phone: '', address: '' }, true);
    expect(err?.fields).toEqual({ nik: 'patients.error.nik.date' });
    expect(err?.params).toEqual({ expected: '180885' });
  });

  it('accepts a woman’s NIK with day + 40', () => {
    expect(fieldsOf(patientSchema, { ...valid, nik: '3273015711920047', sex: 'F', birthDate: '1992-11-17' })).toEqual({});
  });

  it('does not pile a mismatch message on a malformed NIK', () => {
    const err = errorOf(patientSchema, { ...valid, nik: '123' });
    expect(err?.fields).toEqual({ nik: 'patients.error.nik.length' });
    expect(err?.params).toBeUndefined();
  });

  it('rejects future, pre-1900 and impossible birth dates', () => {
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '2999-01-01' }).birthDate).toBe('patients.error.birthDate.future');
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '1899-12-31' }).birthDate).toBe('patients.error.birthDate.before1900');
    expect(fieldsOf(patientSchema, { ...valid, birthDate: '1985-02-30' }).birthDate).toBe('patients.error.birthDate.notReal');
  });

  it('requires a 13-digit BPJS number when the payer is BPJS', () => {
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs' })).toEqual({ bpjsNumber: 'patients.error.bpjsNumber.requiredForBpjs' });
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs', bpjsNumber: '12345' }).bpjsNumber).toBe('patients.error.bpjsNumber.digits');
    expect(fieldsOf(patientSchema, { ...valid, payer: 'bpjs', bpjsNumber: '0001 2345 67891' })).toEqual({});
  });

  it('requires insurer and policy number when the payer is insurance', () => {
    expect(fieldsOf(patientSchema, { ...valid, payer: 'insurance' })).toEqual({
      insurerName: 'patients.error.insurerName.requiredForInsurance',
      policyNumber: 'patients.error.policyNumber.requiredForInsurance',
    });
    expect(fieldsOf(patientSchema, { ...valid, payer: 'insurance', insurerName: ' ', policyNumber: 'PRU 1#' })).toEqual({
      insurerName: 'patients.error.insurerName.required',
      policyNumber: 'patients.error.policyNumber.chars',
    });
    expect(fieldsOf(patientSchema, { ...valid, payer: 'insurance', insurerName: 'Prudential', policyNumber: 'PRU-1/2' })).toEqual({});
  });

  it('rejects a bad phone and an overlong address', () => {
    expect(fieldsOf(patientSchema, { ...valid, phone: '12ab' }).phone).toBe('patients.error.phone.invalid');
    expect(fieldsOf(patientSchema, { ...valid, phone: '0'.repeat(31) }).phone).toBe('patients.error.phone.tooLong');
    expect(fieldsOf(patientSchema, { ...valid, address: 'x'.repeat(301) }).address).toBe('patients.error.address.tooLong');
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
    expect(fieldsOf(patientPatchSchema, { nik: 'abc' })).toEqual({ nik: 'patients.error.nik.length' });
  });
});

describe('searchQuerySchema', () => {
  it('defaults the page and coerces it from the query string', () => {
    expect(searchQuerySchema.parse({})).toEqual({ page: 1 });
    expect(searchQuerySchema.parse({ q: ' siti ', page: '3' })).toEqual({ q: 'siti', page: 3 });
  });

  it('rejects bad pages and arrays', () => {
    expect(fieldsOf(searchQuerySchema, { page: '0' }).page).toBe('patients.error.page.min');
    expect(fieldsOf(searchQuerySchema, { page: 'x' }).page).toBe('patients.error.page.notNumber');
    expect(fieldsOf(searchQuerySchema, { page: '1.5' }).page).toBe('patients.error.page.whole');
    expect(fieldsOf(searchQuerySchema, { page: '100000' }).page).toBe('patients.error.page.max');
    expect(fieldsOf(searchQuerySchema, { q: ['a', 'b'] }).q).toBe('patients.error.q.notText');
  });
});

describe('summariesArgsSchema', () => {
  it('allows at most 100 positive integer ids', () => {
    expect(fieldsOf(summariesArgsSchema, { ids: [1, 2, 3] })).toEqual({});
    expect(fieldsOf(summariesArgsSchema, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }).ids).toBe('patients.error.ids.tooMany');
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
