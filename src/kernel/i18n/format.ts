// Indonesian conventions: times stored in UTC and shown in the clinic's time
// zone as dd/mm/yyyy HH:mm; money is integer rupiah ("Rp 150.000"); numbers use
// the locale's separators. "Today" is the clinic's local day, not UTC's.
import type { Locale } from './catalog.js';

const cache = new Map<string, Intl.DateTimeFormat>();

function parts(date: Date, timeZone: string): Record<string, string> {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    cache.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** dd/mm/yyyy HH:mm in the clinic's zone (both languages: the form staff know from paper). */
export function formatDateTime(value: Date | string | number | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d, timeZone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A calendar date (YYYY-MM-DD, e.g. a birth date) as dd/mm/yyyy; no zone: it is not an instant. */
export function formatDate(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** The clinic's local calendar day of an instant: what "today" means for queues and daily reports. */
export function localDay(value: Date | string | number, timeZone: string): string {
  const p = parts(toDate(value), timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The UTC instants where a local day starts and ends: [start, end). */
export function localDayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const startGuess = Date.UTC(y, m - 1, d);
  const offset = (t: number) => {
    const p = parts(new Date(t), timeZone);
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - Math.floor(t / 60_000) * 60_000;
  };
  const start = startGuess - offset(startGuess);
  const next = Date.UTC(y, m - 1, d + 1);
  return { start: new Date(start), end: new Date(next - offset(next)) };
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 2 }).format(n);
}

/** Integer rupiah only: money is never a float in Bilik. */
export function formatRupiah(amount: number, locale: Locale = 'id'): string {
  if (!Number.isSafeInteger(amount)) throw new Error('rupiah amounts are integers');
  const digits = new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 0 }).format(Math.abs(amount));
  return `${amount < 0 ? '-' : ''}Rp ${digits}`;
}

export interface Formatters {
  dateTime(value: Date | string | number | null | undefined): string;
  date(value: string | null | undefined): string;
  number(n: number): string;
  money(amount: number): string;
}

export function formatters(locale: Locale, timeZone: string): Formatters {
  return {
    dateTime: (v) => formatDateTime(v, timeZone),
    date: (v) => formatDate(v),
    number: (n) => formatNumber(n, locale),
    money: (a) => formatRupiah(a, locale),
  };
}
