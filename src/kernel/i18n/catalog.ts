// Message catalogs: every user-facing string is a key looked up in the
// staff member's language. `id` (Bahasa Indonesia) is the default, `en` the
// second language. The kernel and each module own their catalogs; the two
// languages must have the same keys (a test checks).

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = Readonly<Record<string, string>>;
export type Catalogs = Readonly<Record<Locale, Messages>>;
export type Params = Readonly<Record<string, string | number>>;
export type Translate = (key: string, params?: Params) => string;

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Merges catalogs (kernel first, then modules); a key defined twice is a bug. */
export function mergeCatalogs(...list: Catalogs[]): Catalogs {
  const out: Record<Locale, Record<string, string>> = { id: {}, en: {} };
  for (const c of list) {
    for (const loc of LOCALES) {
      for (const [k, v] of Object.entries(c[loc])) {
        if (k in out[loc] && out[loc][k] !== v) throw new Error(`message key "${k}" (${loc}) defined twice`);
        out[loc][k] = v;
      }
    }
  }
  return out;
}

/** Marks a missing key visibly, so tests (and people) notice it; never throws at a patient's bedside. */
export function missing(key: string): string {
  return `⟦${key}⟧`;
}

export function translator(messages: Messages): Translate {
  return (key, params) => {
    const text = messages[key];
    if (text === undefined) return missing(key);
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** For values that may be a key or already plain text (e.g. an error message from a module). */
export function translateMaybe(messages: Messages, text: string, params?: Params): string {
  return text in messages ? translator(messages)(text, params) : text;
}

/** Best match from an Accept-Language header ("en-US,en;q=0.9,id;q=0.8"). */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: (tag ?? '').trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  // "in" is the old ISO code for Indonesian, still sent by some Android browsers.
  for (const { lang } of ranked) {
    const l = lang === 'in' ? 'id' : lang;
    if (isLocale(l)) return l;
  }
  return null;
}
