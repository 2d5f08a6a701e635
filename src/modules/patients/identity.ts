// Identity rules for Indonesian patients, as small pure functions so the zod
// schemas, the demo seed and the unit tests share one definition of "valid".
// No I/O here: everything is deterministic given its arguments (and `now`).
// Messages are catalog keys (see messages.ts), translated when shown.

export type Sex = 'M' | 'F';

/** A rule's verdict: a catalog key, with values for its {placeholders} when it has any. */
export interface RuleMessage {
  message: string;
  params?: Record<string, string | number>;
}

/** The parts a 16-digit NIK (Nomor Induk Kependudukan) encodes. */
export interface NikParts {
  /** Digits 1-6: province (2), regency/city (2), district (2). */
  region: string;
  /** Day of birth, with the +40 for women already removed. */
  day: number;
  month: number;
  /** Two-digit year: the century is not encoded. */
  year2: number;
  sex: Sex;
  /** Digits 13-16: registration serial, never 0000. */
  serial: string;
}

const NIK_SHAPE = /^\d{16}$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Parses a strict YYYY-MM-DD calendar date; null for anything else (2023-02-29, 2024-13-01, 2024-1-1). */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Today's date as YYYY-MM-DD in the easternmost Indonesian time zone (WIT, UTC+9).
 * Using UTC would reject a baby registered at 06:00 in Jakarta on the day it was
 * born; the eastern zone is the latest "today" any clinic in the country can have.
 */
export function todayInIndonesia(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Splits a NIK into its parts, or explains (as a catalog key) why it cannot be
 * one. Structural checks only; whether it agrees with a birth date and sex is
 * `checkNikAgainst`'s job.
 */
export function parseNik(nik: string): { ok: true; parts: NikParts } | { ok: false; message: string } {
  if (!NIK_SHAPE.test(nik)) return { ok: false, message: 'patients.error.nik.length' };
  const region = nik.slice(0, 6);
  const province = Number(nik.slice(0, 2));
  // Province codes start at 11 (Aceh); 00-10 have never been issued.
  if (province < 11) return { ok: false, message: 'patients.error.nik.province' };
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year2 = Number(nik.slice(10, 12));
  const serial = nik.slice(12);
  const sex: Sex = rawDay > 40 ? 'F' : 'M';
  const day = sex === 'F' ? rawDay - 40 : rawDay;
  if (month < 1 || month > 12) return { ok: false, message: 'patients.error.nik.month' };
  // The century is unknown, so Feb 29 is allowed when either 19yy or 20yy is a leap year.
  const maxDay = Math.max(daysInMonth(1900 + year2, month), daysInMonth(2000 + year2, month));
  if (day < 1 || day > maxDay) {
    return { ok: false, message: 'patients.error.nik.day' };
  }
  if (serial === '0000') return { ok: false, message: 'patients.error.nik.serial' };
  return { ok: true, parts: { region, day, month, year2, sex, serial } };
}

/**
 * Checks that a NIK's date part agrees with the birth date and sex the clinic
 * recorded. Returns the field message for `nik`, or null when they agree. A
 * mismatch usually means a typo in one of the three, so the message names which
 * part, and for a date mismatch gives the digits expected (`params.expected`).
 */
export function checkNikAgainst(nik: string, birthDate: string, sex: Sex): RuleMessage | null {
  const parsed = parseNik(nik);
  if (!parsed.ok) return { message: parsed.message };
  const birth = parseIsoDate(birthDate);
  // An invalid birth date gets its own message on its own field; do not pile on.
  if (!birth) return null;
  const p = parsed.parts;
  if (p.sex !== sex) {
    return { message: p.sex === 'F' ? 'patients.error.nik.womanNik' : 'patients.error.nik.manNik' };
  }
  if (p.day !== birth.day || p.month !== birth.month || p.year2 !== birth.year % 100) {
    const expected = nikDatePart(birthDate, sex);
    return { message: sex === 'F' ? 'patients.error.nik.dateWoman' : 'patients.error.nik.date', params: { expected } };
  }
  return null;
}

/** The six digits a NIK must carry at positions 7-12 for this birth date and sex. */
export function nikDatePart(birthDate: string, sex: Sex): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (sex === 'F' ? 40 : 0);
  return `${String(day).padStart(2, '0')}${m}${y!.slice(2)}`;
}

/** Builds a valid NIK (demo data and tests): region (6 digits) + date part + serial (1-9999). */
export function buildNik(region: string, birthDate: string, sex: Sex, serial: number): string {
  if (!/^\d{6}$/.test(region)) throw new Error('region must be 6 digits');
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999) throw new Error('serial must be 1-9999');
  return `${region}${nikDatePart(birthDate, sex)}${String(serial).padStart(4, '0')}`;
}

/**
 * Normalises an Indonesian phone number to E.164 (+62…), or null when it is not one.
 * Accepts national (08…, 021…), 62… and +62… forms with spaces, dots, dashes or
 * brackets, because that is how people read numbers out at the front desk.
 * The national significant number must be 8–12 digits and cannot start with 0.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s.\-()]/g, '');
  let nsn: string;
  if (/^\+62\d+$/.test(compact)) nsn = compact.slice(3);
  else if (/^62\d+$/.test(compact)) nsn = compact.slice(2);
  else if (/^0\d+$/.test(compact)) nsn = compact.slice(1);
  else return null;
  if (!/^[1-9]\d{7,11}$/.test(nsn)) return null;
  return `+62${nsn}`;
}

/** Trims, collapses runs of spaces and composes accents (NFC) so equal names are stored equally. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/g, ' ');
}

// Letters in any script (incl. accented), combining marks, and the punctuation
// real names and titles use: "Sukarni", "Nur'aini", "Siti-Aminah", "dr. Siti, S.Ked".
const NAME_CHARS = /^[\p{L}\p{M}][\p{L}\p{M} '’.,-]*$/u;

/** Returns the field message (a catalog key) for a (normalised) full name, or null when it is acceptable. */
export function checkFullName(name: string): string | null {
  if (name.length === 0) return 'patients.error.fullName.required';
  if (name.length > 100) return 'patients.error.fullName.tooLong';
  if (!NAME_CHARS.test(name)) return 'patients.error.fullName.chars';
  return null;
}

/**
 * Folds text for searching: lower case, accents removed ("José" → "jose"),
 * apostrophes dropped ("Nur'aini" → "nuraini"), so a clerk typing on any keyboard finds it.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The distinct search tokens of a name: every word, split on spaces, dots, commas and hyphens. */
export function nameTokens(name: string): string[] {
  const words = foldForSearch(name)
    .split(/[\s.,-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, 100));
  return [...new Set(words)];
}

/**
 * The smallest string greater than every string starting with `prefix`, for an
 * index range `token >= prefix AND token < upper` that works on SQLite and Postgres
 * alike (LIKE would need a case-sensitive collation setting on SQLite to use an index).
 */
export function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop();
  if (last === undefined) throw new Error('empty prefix');
  return chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/**
 * Returns the field message (a catalog key) for a birth date, or null when it is
 * a real calendar date between 1900-01-01 and today (Indonesian time, see
 * `todayInIndonesia`).
 */
export function checkBirthDate(value: string, now: Date = new Date()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'patients.error.birthDate.format';
  if (!parseIsoDate(value)) return 'patients.error.birthDate.notReal';
  if (value < '1900-01-01') return 'patients.error.birthDate.before1900';
  // ISO dates compare correctly as strings.
  if (value > todayInIndonesia(now)) return 'patients.error.birthDate.future';
  return null;
}

/** Whole years between a birth date and `today` (both YYYY-MM-DD); a Feb 29 birthday counts on Mar 1. */
export function ageOn(birthDate: string, today: string): number {
  const b = parseIsoDate(birthDate);
  const t = parseIsoDate(today);
  if (!b || !t) return 0;
  let age = t.year - b.year;
  if (t.month < b.month || (t.month === b.month && t.day < b.day)) age -= 1;
  return Math.max(0, age);
}
