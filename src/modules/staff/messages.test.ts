// The staff catalog against the module's code and templates: the same keys in
// both languages, every key used exists, every error code has its message, and
// no text in a staff template bypasses the catalog.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../kernel/index.js';
import { StaffErrors } from './errors.js';
import { messages } from './messages.js';

const viewsDir = new URL('../../../views/staff/', import.meta.url);
const views = readdirSync(viewsDir)
  .filter((f) => f.endsWith('.eta'))
  .map((f) => ({ file: f, source: readFileSync(new URL(f, viewsDir), 'utf8') }));
const srcDir = new URL('./', import.meta.url);
const sources = ['routes.ts', 'schemas.ts', 'passwords.ts', 'users.ts', 'handlers/authenticate.ts', 'index.ts'].map((f) => ({ file: f, source: readFileSync(new URL(f, srcDir), 'utf8') }));

describe('staff catalog', () => {
  it('has the same keys in id and en, none empty', () => {
    expect(Object.keys(messages.id).sort()).toEqual(Object.keys(messages.en).sort());
    for (const [loc, m] of Object.entries(messages)) {
      for (const [k, v] of Object.entries(m)) expect(v.trim(), `${loc} ${k}`).not.toBe('');
    }
  });

  it('uses the same {placeholders} in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(messages.id)) expect(names(messages.id[k]!), k).toEqual(names(messages.en[k]!));
  });

  it('has a message for every staff error code and a name for every role', () => {
    for (const spec of Object.values(StaffErrors)) {
      expect(messages.id, spec.code).toHaveProperty([`error.${spec.code}`]);
      expect(messages.en, spec.code).toHaveProperty([`error.${spec.code}`]);
    }
    for (const role of ROLES) expect(messages.id, role).toHaveProperty([`staff.role.${role}`]);
  });

  it('defines every key the module and its templates use', () => {
    const used = new Set<string>();
    for (const { source } of views) for (const m of source.matchAll(/it\.t\('([\w.]+)'/g)) used.add(m[1]!);
    for (const { source } of sources) for (const m of source.matchAll(/'((?:staff|error)\.[\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((k) => !k.endsWith('.') && !(k in messages.id) && k !== 'app.name');
    expect(missing).toEqual([]);
  });
});

describe('staff templates', () => {
  it('have no literal text outside template tags', () => {
    for (const { file, source } of views) {
      const withoutCode = source.replace(/<%[\s\S]*?%>/g, '');
      const text = withoutCode.replace(/<[^>]*>/g, '');
      expect(text.trim(), file).toBe('');
      // Attributes people read (aria-label, title, placeholder, alt) come from the catalog too.
      for (const m of withoutCode.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*)"/g)) expect(m[2], `${file} ${m[1]}`).toBe('');
    }
  });
});
