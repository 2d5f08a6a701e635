// Catalog mechanics: placeholders, the visible missing-key marker, picking a
// language from Accept-Language, merging kernel and module catalogs; and the
// localisation of errors (stable code, translated message and fields).
import { describe, expect, it } from 'vitest';
import { LOCALES, fromAcceptLanguage, isLocale, mergeCatalogs, missing, translateMaybe, translator, type Catalogs } from './catalog.js';
import { localizeError } from './localize.js';
import { kernelMessages } from './messages.js';

describe('translator', () => {
  const t = translator({
    greet: 'Selamat datang, {name}',
    count: '{n} pasien dari {total}',
    twice: '{x} dan {x}',
    plain: 'Tanpa {isian}',
  });

  it('fills named placeholders, numbers included', () => {
    expect(t('greet', { name: 'Siti' })).toBe('Selamat datang, Siti');
    expect(t('count', { n: 3, total: 12 })).toBe('3 pasien dari 12');
    expect(t('twice', { x: 'A' })).toBe('A dan A');
  });

  it('leaves a placeholder without a value as written, and text without params untouched', () => {
    expect(t('greet', {})).toBe('Selamat datang, {name}');
    expect(t('count', { n: 1 })).toBe('1 pasien dari {total}');
    expect(t('plain')).toBe('Tanpa {isian}');
  });

  it('does not re-interpret a value that looks like a placeholder', () => {
    expect(t('count', { n: '{total}', total: 5 })).toBe('{total} pasien dari 5');
  });

  it('marks a missing key visibly instead of throwing', () => {
    expect(t('no.such.key')).toBe('⟦no.such.key⟧');
    expect(t('no.such.key', { a: 1 })).toBe('⟦no.such.key⟧');
    expect(missing('x.y')).toBe('⟦x.y⟧');
  });

  it('translateMaybe passes plain text through and translates keys', () => {
    expect(translateMaybe({ k: 'Hai {n}' }, 'k', { n: 'Budi' })).toBe('Hai Budi');
    expect(translateMaybe({ k: 'Hai' }, 'Already plain text.')).toBe('Already plain text.');
  });
});

describe('fromAcceptLanguage', () => {
  it.each([
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['en-US', 'en'],
    ['en-US,en;q=0.9,id;q=0.8', 'en'],
    ['in', 'id'],
    ['in-ID', 'id'],
    ['ID', 'id'],
    ['fr', null],
    ['fr-FR,fr;q=0.9', null],
    ['*', null],
    ['', null],
    [undefined, null],
  ] as const)('%j → %j', (header, want) => {
    expect(fromAcceptLanguage(header)).toBe(want);
  });

  it('ranks by q, not by position', () => {
    expect(fromAcceptLanguage('en;q=0.5, id;q=0.9')).toBe('id');
    expect(fromAcceptLanguage('id;q=0.2, en;q=0.8')).toBe('en');
    expect(fromAcceptLanguage('en;q=0.3, id')).toBe('id');
  });

  it('skips languages it does not speak and q=0 (not acceptable)', () => {
    expect(fromAcceptLanguage('fr, de;q=0.9, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('id;q=0, en')).toBe('en');
    expect(fromAcceptLanguage('id;q=0')).toBe(null);
    expect(fromAcceptLanguage('*, id;q=0.5')).toBe('id');
  });

  it('tolerates spaces and junk q values', () => {
    expect(fromAcceptLanguage(' en-GB ; q=0.7 ,  id-ID ; q=0.6 ')).toBe('en');
    expect(fromAcceptLanguage('en;q=abc, id;q=0.5')).toBe('id');
  });
});

describe('mergeCatalogs', () => {
  const a: Catalogs = { id: { 'a.x': 'X id' }, en: { 'a.x': 'X en' } };
  const b: Catalogs = { id: { 'b.y': 'Y id' }, en: { 'b.y': 'Y en' } };

  it('unions kernel and module keys per language', () => {
    const m = mergeCatalogs(a, b);
    expect(m.id).toEqual({ 'a.x': 'X id', 'b.y': 'Y id' });
    expect(m.en).toEqual({ 'a.x': 'X en', 'b.y': 'Y en' });
  });

  it('throws on a key defined twice with different text, naming key and language', () => {
    const clash: Catalogs = { id: { 'a.x': 'Lain' }, en: { 'a.x': 'X en' } };
    expect(() => mergeCatalogs(a, clash)).toThrow(/"a\.x" \(id\)/);
    const clashEn: Catalogs = { id: { 'a.x': 'X id' }, en: { 'a.x': 'Other' } };
    expect(() => mergeCatalogs(a, clashEn)).toThrow(/"a\.x" \(en\)/);
  });

  it('does not mutate its inputs', () => {
    mergeCatalogs(a, b);
    expect(Object.keys(a.id)).toEqual(['a.x']);
  });

  it('knows exactly two languages, Indonesian first', () => {
    expect(LOCALES).toEqual(['id', 'en']);
    expect(isLocale('id')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('in')).toBe(false);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});

describe('localizeError', () => {
  const messages = { ...kernelMessages.id, 'x.field': 'Minimal {min} karakter.', 'x.msg': 'Pasien {mrn} tidak ada.' };

  it('falls back to error.<CODE> for a message that is not a key, keeping the code', () => {
    const out = localizeError({ code: 'NOT_FOUND', status: 404, message: 'Not found.' }, messages);
    expect(out).toEqual({ code: 'NOT_FOUND', status: 404, message: 'Tidak ditemukan.' });
  });

  it('translates a message key with params, and field keys', () => {
    const out = localizeError(
      { code: 'VALIDATION_FAILED', status: 422, message: 'x.msg', params: { mrn: 'RM-000001', min: 3 }, fields: { nik: 'validation.required', name: 'x.field', raw: 'Plain text.' } },
      messages,
    );
    expect(out.code).toBe('VALIDATION_FAILED');
    expect(out.message).toBe('Pasien RM-000001 tidak ada.');
    expect(out.fields).toEqual({ nik: 'Wajib diisi.', name: 'Minimal 3 karakter.', raw: 'Plain text.' });
  });

  it('keeps the raw message when neither the message nor the code is known', () => {
    expect(localizeError({ code: 'SOMETHING_NEW', status: 500, message: 'Raw.' }, messages).message).toBe('Raw.');
  });
});
