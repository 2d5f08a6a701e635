// Look-up in the shipped code lists: by code prefix ("J06", "j069", "89.5",
// "pct") or by words in either language ("infeksi saluran", "sore throat"),
// case- and accent-insensitive. The lists are small (a few hundred entries), so
// a linear scan over pre-folded text is fast and needs no index.
import { FORMULARY } from './formulary.js';
import { ICD10 } from './icd10.js';
import { ICD9CM } from './icd9cm.js';

export const CODE_SYSTEMS = ['icd10', 'icd9cm', 'drug'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

export interface CodeEntry {
  system: CodeSystem;
  code: string;
  /** English title (ICD) or "name strength form" (drug). */
  display: string;
  /** Indonesian title (ICD) or the same as display (drug names are Indonesian already). */
  displayId: string;
  strength?: string;
  form?: string;
  unit?: string;
  name?: string;
}

export const MAX_RESULTS = 20;

/** Lower case, no accents, dots and punctuation as spaces. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

interface Indexed {
  entry: CodeEntry;
  code: string;
  words: string[];
}

function index(entries: CodeEntry[]): Indexed[] {
  return entries.map((entry) => ({
    entry,
    code: squash(entry.code),
    words: [...new Set(fold(`${entry.display} ${entry.displayId}`).replace(/\./g, ' ').split(/\s+/).filter(Boolean))],
  }));
}

const LISTS: Record<CodeSystem, Indexed[]> = {
  icd10: index(ICD10.map(([code, en, id]) => ({ system: 'icd10', code, display: en, displayId: id }))),
  icd9cm: index(ICD9CM.map(([code, en, id]) => ({ system: 'icd9cm', code, display: en, displayId: id }))),
  drug: index(
    FORMULARY.map((d) => {
      const display = `${d.name} ${d.strength} ${d.form}`;
      return { system: 'drug' as const, code: d.code, display, displayId: display, name: d.name, strength: d.strength, form: d.form, unit: d.unit };
    }),
  ),
};

const BY_CODE: Record<CodeSystem, Map<string, CodeEntry>> = {
  icd10: new Map(LISTS.icd10.map((x) => [x.entry.code, x.entry])),
  icd9cm: new Map(LISTS.icd9cm.map((x) => [x.entry.code, x.entry])),
  drug: new Map(LISTS.drug.map((x) => [x.entry.code, x.entry])),
};

/** The entry with exactly this code (case-insensitive), or undefined. */
export function findCode(system: CodeSystem, code: string): CodeEntry | undefined {
  const exact = BY_CODE[system].get(code);
  if (exact) return exact;
  const want = code.trim().toUpperCase();
  return BY_CODE[system].get(want);
}

/** Code-prefix matches first (in list order), then entries where every query word starts some word of a title. */
export function searchCodes(system: CodeSystem, q: string, limit = MAX_RESULTS): CodeEntry[] {
  const list = LISTS[system];
  const folded = fold(q).replace(/\./g, ' ').trim();
  if (!folded) return list.slice(0, limit).map((x) => x.entry);
  const codeQ = squash(q);
  const tokens = folded.split(/\s+/);
  const byCode: CodeEntry[] = [];
  const byWords: CodeEntry[] = [];
  for (const x of list) {
    if (codeQ && x.code.startsWith(codeQ)) byCode.push(x.entry);
    else if (tokens.every((t) => x.words.some((w) => w.startsWith(t)))) byWords.push(x.entry);
  }
  return [...byCode, ...byWords].slice(0, limit);
}

/** The title to show in a locale: Indonesian title for `id`, English otherwise. */
export function titleIn(entry: CodeEntry, locale: string): string {
  return locale === 'id' ? entry.displayId : entry.display;
}

export function sizes(): Record<CodeSystem, number> {
  return { icd10: LISTS.icd10.length, icd9cm: LISTS.icd9cm.length, drug: LISTS.drug.length };
}
