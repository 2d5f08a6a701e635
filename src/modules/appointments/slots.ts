// Pure calendar and slot arithmetic for schedules and bookings. Times are
// clinic-local wall-clock 'HH:MM' and days 'YYYY-MM-DD'; nothing here reads the
// clock or a time zone, so it is all unit-testable.

export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DAY_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Minutes since midnight of an 'HH:MM' time. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** True when 'YYYY-MM-DD' is a real calendar date (no 31 April, no 29 February 2025). */
export function isRealDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday (as schedules store it). */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** The calendar day `n` days after `day` (negative goes back). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export interface TimeRange {
  start: string;
  end: string;
}

/** Half-open ranges [start, end): 08:00–12:00 and 12:00–14:00 touch but do not overlap. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end);
}

export interface ScheduleWindow extends TimeRange {
  slotMinutes: number;
}

export type SlotCheck = 'ok' | 'outside' | 'off-boundary';

/**
 * Whether a booking at `time` fits one of the doctor's windows for that poli
 * and weekday: inside a window with a whole slot before its end, and on a slot
 * boundary counted from the window's start. 'off-boundary' when some window
 * contains the time but not as a slot start (a clearer message than "outside").
 */
export function checkSlot(windows: readonly ScheduleWindow[], time: string): SlotCheck {
  const t = minutesOf(time);
  let inside = false;
  for (const w of windows) {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (t < start || t >= end) continue;
    inside = true;
    if ((t - start) % w.slotMinutes === 0 && t + w.slotMinutes <= end) return 'ok';
  }
  return inside ? 'off-boundary' : 'outside';
}
