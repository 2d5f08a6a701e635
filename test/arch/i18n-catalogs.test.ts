// Every user-facing string is a catalog key, in both languages:
//  - each catalog (kernel, every module) has the same keys in id and en, no
//    empty text, the same {placeholders} on both sides, module keys namespaced;
//  - every stable error code has `error.<CODE>`; every nav label, panel title
//    and route title is a key; every literal key a view or module uses exists;
//  - a static scan of the templates finds no hard-coded text (text nodes and
//    aria-label/title/placeholder/alt values), nor hard-coded labels in the
//    templates' own code. The scanners test themselves on in-memory snippets.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, mergeCatalogs, type Catalogs, type Messages } from '../../src/kernel/i18n/catalog.js';
import { kernelMessages } from '../../src/kernel/i18n/messages.js';
import { modules } from '../../src/modules/index.js';
import type { ModuleManifest } from '../../src/kernel/index.js';
import { allErrorSpecs } from '../support/error-specs.js';

const ROOT = path.resolve(__dirname, '../..');
const VIEWS = path.join(ROOT, 'views');

// ---- collecting -------------------------------------------------------------

function catalogsByOwner(): Array<{ owner: string; catalogs: Catalogs }> {
  return [{ owner: 'kernel', catalogs: kernelMessages }, ...modules.map((m) => ({ owner: m.name, catalogs: m.messages }))];
}

function merged(): Catalogs {
  return mergeCatalogs(kernelMessages, ...modules.map((m) => m.messages));
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

const rel = (p: string) => path.relative(ROOT, p);

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

// ---- the template scanners --------------------------------------------------

export interface Violation {
  line: number;
  text: string;
  where: string;
}

const LETTER = /\p{L}/u;

/** Blanks out Eta code (`<% … %>`, `<%= … %>`, `<%~ … %>`) and HTML comments, keeping line breaks so lines still match. */
function stripCode(src: string): string {
  const keepLines = (m: string) => m.replace(/[^\n]/g, '');
  return src.replace(/<%[\s\S]*?%>/g, keepLines).replace(/<!--[\s\S]*?-->/g, keepLines);
}

/** Character references (&amp; &middot; &#8212;) are symbols, not words: they must not count as letters. */
function withoutEntities(s: string): string {
  return s.replace(/&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);/g, ' ');
}

function lineAt(src: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/** Hard-coded human text in a template: text nodes, and aria-label/title/placeholder/alt values, once code is removed. */
export function scanTemplate(src: string): Violation[] {
  const html = stripCode(src);
  const out: Violation[] = [];
  const tag = /<[^>]*>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const text = (from: number, to: number) => {
    const raw = html.slice(from, to);
    if (LETTER.test(withoutEntities(raw))) {
      const lead = raw.length - raw.trimStart().length;
      out.push({ line: lineAt(html, from + lead), text: raw.trim().replace(/\s+/g, ' '), where: 'text' });
    }
  };
  while ((m = tag.exec(html))) {
    text(last, m.index);
    last = m.index + m[0].length;
    if (/^<\/?(script|style)\b/i.test(m[0])) continue;
    for (const a of m[0].matchAll(/\s(aria-label|title|placeholder|alt)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/gi)) {
      const value = a[2]!.replace(/^["']|["']$/g, '');
      if (LETTER.test(withoutEntities(value))) out.push({ line: lineAt(html, m.index + a.index!), text: `${a[1]}="${value}"`, where: 'attribute' });
    }
  }
  text(last, html.length);
  return out;
}

/**
 * Hard-coded labels inside the templates' code, e.g. `{ M: 'Male' }` or
 * `rb.note || 'name unavailable'`: a string literal that reads as words (a
 * capitalised word, or two words) and is not a catalog key. CSS class lists are
 * the only multi-word literals templates legitimately need.
 */
export function scanTemplateCode(src: string): Violation[] {
  const out: Violation[] = [];
  for (const block of src.matchAll(/<%([\s\S]*?)%>/g)) {
    const code = block[1]!;
    if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(code)) continue; // a template comment
    for (const lit of code.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`/g)) {
      const value = lit[1] ?? lit[2] ?? lit[3] ?? '';
      if (!LETTER.test(value)) continue;
      if (/^[a-z][\w-]*(\.[\w-]+)+$/.test(value)) continue; // a key: patients.form.title
      if (/^(btn|badge|alert|field|card|muted|table|panel|sr-only)([\s-][\w-]*)*$/.test(value)) continue; // CSS classes
      const words = value.trim().split(/\s+/).filter((w) => LETTER.test(w));
      const capitalised = /^\s*\p{Lu}\p{Ll}/u.test(value);
      if (words.length >= 2 || capitalised || (words.length === 1 && /^\s+\p{L}|\p{L}\s+$/u.test(value))) {
        out.push({ line: lineAt(src, block.index! + 2 + lit.index!), text: `'${value}'`, where: 'code' });
      }
    }
  }
  return out;
}

/**
 * Literal keys a template or module asks for: it.t('key'), t("key", …),
 * translateMaybe(messages, 'key'). A literal that only starts a key
 * (it.t('patients.sex.' + p.sex)) is returned as a prefix: some key must start with it.
 */
export function literalKeys(src: string): { keys: string[]; prefixes: string[] } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of src.matchAll(/(?:\bt\(|\btranslateMaybe\([^,()]+,)\s*(['"])([^'"\n]+)\1\s*([,)+])/g)) {
    (m[3] === '+' ? prefixes : keys).add(m[2]!);
  }
  return { keys: [...keys], prefixes: [...prefixes] };
}

/** Namespaces a module's code may use: the kernel's (first segments of its keys) and its own name. */
const KERNEL_NAMESPACES = [...new Set(Object.keys(kernelMessages.id).map((k) => k.split('.')[0]!))];
const namespacesOf = (module?: string) => (module ? [...KERNEL_NAMESPACES, module] : KERNEL_NAMESPACES);

/**
 * Every string literal shaped like a key of a known namespace ('patients.title.edit',
 * 'validation.tooLong', 'staff.role.' as a prefix), wherever it is: ternaries,
 * lookup tables, zod messages, error fields. In a template only its code counts.
 */
export function keyLiterals(src: string, template: boolean, namespaces: string[]): { keys: string[]; prefixes: string[] } {
  const code = template ? [...src.matchAll(/<%([\s\S]*?)%>/g)].map((m) => m[1]!).join('\n') : src;
  const shape = new RegExp(`^(?:${namespaces.join('|')})(?:\\.[A-Za-z0-9_]+)+\\.?$`);
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of code.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$\n]*)`/g)) {
    const v = m[1] ?? m[2] ?? m[3] ?? '';
    if (shape.test(v)) (v.endsWith('.') ? prefixes : keys).add(v);
  }
  return { keys: [...keys], prefixes: [...prefixes] };
}

function missingKeys(src: string, catalog: Catalogs, namespaces: string[], template = true): string[] {
  const called = literalKeys(src);
  const shaped = keyLiterals(src, template, namespaces);
  const keys = [...new Set([...called.keys, ...shaped.keys])];
  const prefixes = [...new Set([...called.prefixes, ...shaped.prefixes])];
  const out: string[] = [];
  for (const loc of LOCALES) {
    for (const k of keys) if (!(k in catalog[loc])) out.push(`t('${k}') missing in ${loc}`);
    for (const p of prefixes) if (!Object.keys(catalog[loc]).some((k) => k.startsWith(p))) out.push(`t('${p}' + …): no key starts with it in ${loc}`);
  }
  return out;
}

function formatViolations(list: Array<Violation & { file: string }>): string {
  return list.map((v) => `${v.file}:${v.line} [${v.where}] ${v.text}`).join('\n');
}

// ---- self-tests: the scanners can fail ---------------------------------------

describe('template scanners (self-test)', () => {
  const snippet = [
    '<%/* A comment with words is fine */%>', // 1
    '<h1><%= it.t(\'x.title\') %></h1>', // 2
    '<p>Hard-coded sentence</p>', // 3
    '<span> · — … ⚠ &middot; &amp; 12:30 (3)</span>', // 4
    '<a href="/x" aria-label="Open record">', // 5
    '  <%= it.t(\'x.open\') %></a>', // 6
    '<input placeholder="<%= it.t(\'x.ph\') %>" title="Search">', // 7
    '<img alt="" src="/logo.png"><img alt=\'Logo\'>', // 8
    '<% if (it.a) { %>', // 9
    '  Tersimpan', // 10
    '<% } %>', // 11
    '<title><%= it.title %> · <%= it.t(\'app.name\') %></title>', // 12
    '<select><option value="M"<% if (x) { %> selected<% } %>>Male</option></select>', // 13
    '<!-- a comment, not shown --><p aria-labelledby="h1">&nbsp;</p>', // 14
    '<% const labels = { M: \'Male\', F: \'patients.sex.F\' }; const c = \'badge badge-ok\'; const n = rb.note || \'name unavailable\'; %>', // 15
    '<%= when(x) + \' UTC\' %><%= it.t(\'ok.key\') %><%= a.replace(\'_\', \' \') %>', // 16
  ].join('\n');

  it('finds every hard-coded text node and attribute, with its line, and nothing else', () => {
    const found = scanTemplate(snippet).map((v) => `${v.line}:${v.where}:${v.text}`);
    expect(found).toEqual([
      '3:text:Hard-coded sentence',
      '5:attribute:aria-label="Open record"',
      '7:attribute:title="Search"',
      '8:attribute:alt="Logo"',
      '10:text:Tersimpan',
      '13:text:Male',
    ]);
  });

  it('finds labels hard-coded in template code, and lets keys and class lists pass', () => {
    const found = scanTemplateCode(snippet).map((v) => `${v.line}:${v.text}`);
    expect(found).toEqual(["15:'Male'", "15:'name unavailable'", "16:' UTC'"]);
  });

  it('reads the literal keys (and key prefixes) a template uses', () => {
    expect(literalKeys(snippet).keys.sort()).toEqual(['app.name', 'ok.key', 'x.open', 'x.ph', 'x.title']);
    const dyn = literalKeys("<%= it.t('p.sex.' + p.sex) %><%= t(\"q.k\", { n: 1 }) %><%= translateMaybe(messages, 'r.k') %>");
    expect(dyn).toEqual({ keys: ['q.k', 'r.k'], prefixes: ['p.sex.'] });
    const catalog: Catalogs = { id: { 'q.k': 'a', 'p.sex.M': 'L' }, en: { 'q.k': 'a' } };
    expect(missingKeys("<%= it.t('p.sex.' + s) %><%= it.t('q.k') %><%= it.t('r.k') %>", catalog, ['p', 'q', 'r'])).toEqual([
      "t('r.k') missing in id",
      "t('r.k') missing in en",
      "t('p.sex.' + …): no key starts with it in en",
    ]);
  });

  it('reads key-shaped literals anywhere in template code or module source', () => {
    const tpl = "<h1>patients.not.code</h1><%= it.t(editing ? 'patients.title.edit' : 'patients.title.new') %><% const m = { F: 'patients.sex.' }; const perm = 'patients:write'; const col = 'hint-' + x; %>";
    expect(keyLiterals(tpl, true, ['validation', 'patients'])).toEqual({ keys: ['patients.title.edit', 'patients.title.new'], prefixes: ['patients.sex.'] });
    const ts = "z.string().max(100, 'validation.tooLong'); fields: { nik: \"staff.user.x\" }; import x from './worker.js'; db.selectFrom('sessions'); log({ callee: 'patients.countPatients' });";
    expect(keyLiterals(ts, false, ['validation', 'staff'])).toEqual({ keys: ['validation.tooLong', 'staff.user.x'], prefixes: [] });
  });

  it('scans real templates (the views folder is not empty)', () => {
    const files = filesUnder(VIEWS, '.eta');
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.map(rel)).toContain('views/layout/layout.eta');
  });
});

// ---- catalogs ------------------------------------------------------------------

describe('message catalogs', () => {
  it('exist for the kernel and every module', () => {
    expect(modules.length).toBeGreaterThanOrEqual(2);
    for (const { owner, catalogs } of catalogsByOwner()) {
      for (const loc of LOCALES) expect(Object.keys(catalogs[loc] ?? {}).length, `${owner} ${loc}`).toBeGreaterThan(0);
    }
  });

  it('have the same keys in Indonesian and English', () => {
    const problems: string[] = [];
    for (const { owner, catalogs } of catalogsByOwner()) {
      const id = new Set(Object.keys(catalogs.id));
      const en = new Set(Object.keys(catalogs.en));
      for (const k of id) if (!en.has(k)) problems.push(`${owner}: "${k}" has no English text`);
      for (const k of en) if (!id.has(k)) problems.push(`${owner}: "${k}" has no Indonesian text`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('have no empty text', () => {
    const problems: string[] = [];
    for (const { owner, catalogs } of catalogsByOwner()) {
      for (const loc of LOCALES) {
        for (const [k, v] of Object.entries(catalogs[loc])) if (typeof v !== 'string' || v.trim() === '') problems.push(`${owner} ${loc}: "${k}" is empty`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('use the same {placeholders} in both languages', () => {
    const problems: string[] = [];
    for (const { owner, catalogs } of catalogsByOwner()) {
      for (const [k, id] of Object.entries(catalogs.id)) {
        const en = catalogs.en[k];
        if (en === undefined) continue;
        const a = placeholders(id).join(',');
        const b = placeholders(en).join(',');
        if (a !== b) problems.push(`${owner}: "${k}" id {${a}} vs en {${b}}`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('do not contain a missing-key marker or an unbalanced brace', () => {
    const problems: string[] = [];
    for (const { owner, catalogs } of catalogsByOwner()) {
      for (const loc of LOCALES) {
        for (const [k, v] of Object.entries(catalogs[loc])) {
          if (v.includes('⟦') || v.includes('⟧')) problems.push(`${owner} ${loc}: "${k}" contains ⟦⟧`);
          if ((v.match(/\{/g) ?? []).length !== (v.match(/\}/g) ?? []).length) problems.push(`${owner} ${loc}: "${k}" has unbalanced braces`);
        }
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('merge without conflicts; module keys are namespaced (module.* or error.<own code>)', async () => {
    expect(() => merged()).not.toThrow();
    const specs = await allErrorSpecs();
    const problems: string[] = [];
    for (const m of modules) {
      const ownErrors = new Set(specs.filter((s) => s.owner === m.name).map((s) => `error.${s.code}`));
      for (const k of Object.keys(m.messages.id)) {
        if (!k.startsWith(`${m.name}.`) && !ownErrors.has(k)) problems.push(`${m.name}: key "${k}" is outside "${m.name}.*" and its own error codes`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('have error.<CODE> for every stable error code, in both languages', async () => {
    const specs = await allErrorSpecs();
    expect(specs.length).toBeGreaterThan(15);
    const all = merged();
    const missing = specs.flatMap((s) => LOCALES.filter((loc) => !(`error.${s.code}` in all[loc])).map((loc) => `${s.owner}: error.${s.code} (${loc})`));
    expect(missing.join('\n')).toBe('');
  });

  it('translate every nav label, panel title and route title (they are keys in both languages)', () => {
    const all = merged();
    const problems: string[] = [];
    const check = (what: string, key: string | undefined, owner: string, catalog: Catalogs) => {
      if (key === undefined) return;
      for (const loc of LOCALES) {
        if (!(key in catalog[loc])) problems.push(`${owner}: ${what} "${key}" is not a key in the ${loc} catalog of ${owner === 'kernel' ? 'the kernel' : `kernel+${owner}`}`);
      }
    };
    for (const m of modules as readonly ModuleManifest[]) {
      // Module pages render in the module's worker, which knows kernel + its own catalog only.
      const own = mergeCatalogs(kernelMessages, m.messages);
      for (const n of m.nav ?? []) check('nav label', n.label, m.name, own);
      for (const p of m.panels ?? []) check('panel title', p.title, m.name, own);
      for (const r of m.routes) check(`title of ${r.method} ${r.path}`, r.title, m.name, own);
    }
    // What the kernel itself renders pages with.
    for (const k of ['dashboard.title', 'errorpage.title', 'errorpage.notfound', 'app.name']) check('kernel title', k, 'kernel', all);
    expect(problems.join('\n')).toBe('');
  });

  it('cover every literal key used in templates and module code', () => {
    const problems: string[] = [];
    let used = 0;
    for (const file of filesUnder(VIEWS, '.eta')) {
      const owner = path.relative(VIEWS, file).split(path.sep)[0]!;
      const mod = modules.find((m) => m.name === owner);
      // layout/* is rendered by the kernel and by every module's worker: kernel keys only.
      const catalog = mod ? mergeCatalogs(kernelMessages, mod.messages) : kernelMessages;
      const src = readFileSync(file, 'utf8');
      used += literalKeys(src).keys.length + keyLiterals(src, true, namespacesOf(mod?.name)).keys.length;
      problems.push(...missingKeys(src, catalog, namespacesOf(mod?.name)).map((p) => `${rel(file)}: ${p}`));
    }
    // The views are translated: the check has plenty to look at (not a vacuous pass).
    expect(used).toBeGreaterThan(50);
    for (const m of modules) {
      const catalog = mergeCatalogs(kernelMessages, m.messages);
      // messages.ts defines the keys; migrations speak SQL ('patients.id' is a column there).
      const dir = path.join(ROOT, 'src/modules', m.name);
      const sources = filesUnder(dir, '.ts').filter((f) => !f.endsWith('.test.ts') && path.basename(f) !== 'messages.ts' && !path.relative(dir, f).startsWith('migrations'));
      for (const file of sources) {
        problems.push(...missingKeys(readFileSync(file, 'utf8'), catalog, namespacesOf(m.name), false).map((p) => `${rel(file)}: ${p}`));
      }
    }
    expect(problems.join('\n')).toBe('');
  });
});

// ---- templates -----------------------------------------------------------------

describe('templates (static scan)', () => {
  it('contain no hard-coded text: every text node and aria-label/title/placeholder/alt comes from the catalog', () => {
    const found = filesUnder(VIEWS, '.eta').flatMap((f) => scanTemplate(readFileSync(f, 'utf8')).map((v) => ({ ...v, file: rel(f) })));
    if (found.length) console.log(`hard-coded template text (${found.length}):\n${formatViolations(found)}`);
    expect(formatViolations(found)).toBe('');
  });

  it('contain no hard-coded labels in template code (lookup tables, fallbacks, suffixes)', () => {
    const found = filesUnder(VIEWS, '.eta').flatMap((f) => scanTemplateCode(readFileSync(f, 'utf8')).map((v) => ({ ...v, file: rel(f) })));
    if (found.length) console.log(`hard-coded labels in template code (${found.length}):\n${formatViolations(found)}`);
    expect(formatViolations(found)).toBe('');
  });
});
