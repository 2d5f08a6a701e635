// What a clerk typed into the search box, classified into the one indexed
// lookup that answers it. Pure: the SQL lives in repo.ts.
import { foldForSearch, nameTokens } from './identity.js';

/** MRNs are 'RM-' + the row id zero-padded to 6 digits; ids past 999999 simply grow wider. */
export function formatMrn(id: number): string {
  return `RM-${String(id).padStart(6, '0')}`;
}

/** At most this many words take part in a name search; more adds cost, not precision. */
export const MAX_QUERY_WORDS = 4;

export type SearchQuery =
  | { kind: 'recent' }
  | { kind: 'nik'; nik: string }
  | { kind: 'nikPrefix'; prefix: string }
  | { kind: 'mrn'; mrn: string }
  /** `drive` is the word whose index range is scanned; `others` must also prefix-match a word of the name. */
  | { kind: 'name'; drive: string; others: string[] }
  | { kind: 'none' };

export function classifyQuery(raw: string | undefined): SearchQuery {
  const q = (raw ?? '').trim();
  if (q === '') return { kind: 'recent' };
  // NIKs are often read off a card in groups: "3171 0112 8500 0001".
  const digits = q.replace(/[\s.-]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length === 16) return { kind: 'nik', nik: digits };
    // A partial NIK (at least the region code) narrows by prefix on the unique index.
    if (digits.length >= 6 && digits.length < 16) return { kind: 'nikPrefix', prefix: digits };
    return { kind: 'none' };
  }
  // "RM-000123", "rm-123", "RM 123", "rm123" all mean the same record.
  const mrn = /^rm[\s-]?0*(\d{1,12})$/i.exec(q);
  if (mrn) return { kind: 'mrn', mrn: formatMrn(Number(mrn[1])) };
  const words = nameTokens(foldForSearch(q)).slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return { kind: 'none' };
  // The longest word has the narrowest index range, so it drives the scan.
  const drive = words.reduce((a, b) => (b.length > a.length ? b : a));
  const others = words.filter((w) => w !== drive);
  return { kind: 'name', drive, others };
}
