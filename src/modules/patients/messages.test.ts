// The patients catalog: both languages complete and alike, every key the module
// uses defined, and no user-facing text written straight into a template.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from './messages.js';
import { PAYERS, SEXES } from './schemas.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VIEWS = path.resolve(HERE, '../../../views/patients');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const templates = filesUnder(VIEWS, '.eta').map((f) => ({ file: path.basename(f), source: readFileSync(f, 'utf8') }));
// Migrations name SQL columns ('patients.id'), not messages.
const code = filesUnder(HERE, '.ts').filter((f) => !f.includes(`${path.sep}migrations${path.sep}`));
const sources = [...code.map((f) => readFileSync(f, 'utf8')), ...templates.map((t) => t.source)];

describe('patients catalog', () => {
  it('has the same keys in Indonesian and English, none empty', () => {
    expect(Object.keys(messages.id).sort()).toEqual(Object.keys(messages.en).sort());
    for (const loc of ['id', 'en'] as const) {
      for (const [key, text] of Object.entries(messages[loc])) expect([loc, key, text.trim().length > 0]).toEqual([loc, key, true]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(messages.id)) {
      expect([key, placeholders(text)]).toEqual([key, placeholders(messages.en[key]!)]);
    }
  });

  it('only holds patients.* keys and the module’s own error codes', () => {
    for (const key of Object.keys(messages.id)) expect(key).toMatch(/^(patients\.[\w.]+|error\.PATIENT_[A-Z_]+)$/);
  });

  // Kernel keys the module uses (validation.*, error.VALIDATION_FAILED) are the kernel catalog's to check.
  it('defines every key of its own that the module and its templates use', () => {
    const all = messages.en;
    const used = new Set<string>();
    for (const src of sources) {
      for (const m of src.matchAll(/['"`](patients\.[\w.]*\w|error\.PATIENT_\w+)['"`]/g)) used.add(m[1]!);
    }
    // Keys built from a value in the templates.
    for (const s of SEXES) used.add(`patients.sex.${s}`);
    for (const p of PAYERS) used.add(`patients.payer.${p}`).add(`patients.payer.short.${p}`);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in all))).toEqual([]);
  });

  it('leaves no literal text in the templates: everything goes through it.t', () => {
    for (const { file, source } of templates) {
      const code = source.replace(/<%[\s\S]*?%>/g, ' ');
      const text = code.replace(/<[^>]*>/g, ' ');
      expect([file, text.match(/\p{L}[^\n]*/gu) ?? []]).toEqual([file, []]);
      for (const m of code.matchAll(/\s(aria-label|title|placeholder|alt)="([^"]*)"/g)) {
        expect([file, m[1], m[2]!.trim()]).toEqual([file, m[1], '']);
      }
    }
  });
});
