// Indonesian conventions: dd/mm/yyyy HH:mm in the clinic's zone (WIB, WITA,
// WIT), "today" is the clinic's local day (not UTC's), integer rupiah with dots.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatRupiah, formatters, isValidTimeZone, localDay, localDayBounds } from './format.js';

const JKT = 'Asia/Jakarta'; // WIB, UTC+7
const MKS = 'Asia/Makassar'; // WITA, UTC+8
const JAP = 'Asia/Jayapura'; // WIT, UTC+9

describe('formatDateTime', () => {
  it('shows an instant as dd/mm/yyyy HH:mm in each Indonesian zone', () => {
    const t = '2026-11-21T18:30:00Z';
    expect(formatDateTime(t, JKT)).toBe('22/11/2026 01:30');
    expect(formatDateTime(t, MKS)).toBe('22/11/2026 02:30');
    expect(formatDateTime(t, JAP)).toBe('22/11/2026 03:30');
    expect(formatDateTime(t, 'UTC')).toBe('21/11/2026 18:30');
  });

  it('accepts a Date, an ISO string and epoch milliseconds alike', () => {
    const ms = Date.UTC(2026, 0, 5, 2, 7);
    expect(formatDateTime(new Date(ms), JKT)).toBe('05/01/2026 09:07');
    expect(formatDateTime(new Date(ms).toISOString(), JKT)).toBe('05/01/2026 09:07');
    expect(formatDateTime(ms, JKT)).toBe('05/01/2026 09:07');
  });

  it('writes local midnight as 00:00, never 24:00', () => {
    expect(formatDateTime('2026-11-21T17:00:00Z', JKT)).toBe('22/11/2026 00:00');
    expect(formatDateTime('2026-11-21T15:00:00Z', JAP)).toBe('22/11/2026 00:00');
    expect(formatDateTime('2026-11-21T16:59:00Z', JKT)).toBe('21/11/2026 23:59');
  });

  it('crosses the year in the clinic zone before UTC does', () => {
    expect(formatDateTime('2026-12-31T17:30:00Z', JKT)).toBe('01/01/2027 00:30');
    expect(formatDateTime('2026-12-31T16:30:00Z', JKT)).toBe('31/12/2026 23:30');
  });

  it('renders nothing for a missing or unreadable value', () => {
    expect(formatDateTime(null, JKT)).toBe('');
    expect(formatDateTime(undefined, JKT)).toBe('');
    expect(formatDateTime('', JKT)).toBe('');
    expect(formatDateTime('not a date', JKT)).toBe('');
  });

  it('formats a calendar date without any zone shift', () => {
    expect(formatDate('1990-06-05')).toBe('05/06/1990');
    expect(formatDate('1956-02-29')).toBe('29/02/1956');
    expect(formatDate(null)).toBe('');
    expect(formatDate('05/06/1990')).toBe('');
  });
});

describe('localDay: "today" is the clinic day', () => {
  it('puts 18:30Z on the next Jakarta day', () => {
    expect(localDay('2026-11-21T18:30:00Z', JKT)).toBe('2026-11-22');
    expect(localDay('2026-11-21T18:30:00Z', 'UTC')).toBe('2026-11-21');
  });

  it('splits a visit that stays within one UTC day across two local days', () => {
    // Arrives 16:50Z = 23:50 WIB on 21/11, finishes 17:20Z = 00:20 WIB on 22/11.
    const arrive = '2026-11-21T16:50:00Z';
    const finish = '2026-11-21T17:20:00Z';
    expect(formatDateTime(arrive, JKT)).toBe('21/11/2026 23:50');
    expect(formatDateTime(finish, JKT)).toBe('22/11/2026 00:20');
    expect(localDay(arrive, JKT)).toBe('2026-11-21');
    expect(localDay(finish, JKT)).toBe('2026-11-22');
    expect(localDay(arrive, 'UTC')).toBe(localDay(finish, 'UTC'));
  });

  it('keeps a visit that spans UTC midnight on one local day', () => {
    // 23:30Z → 00:30Z is 06:30 → 07:30 WIB, both on 22/11.
    const arrive = '2026-11-21T23:30:00Z';
    const finish = '2026-11-22T00:30:00Z';
    expect(formatDateTime(arrive, JKT)).toBe('22/11/2026 06:30');
    expect(formatDateTime(finish, JKT)).toBe('22/11/2026 07:30');
    expect(localDay(arrive, JKT)).toBe('2026-11-22');
    expect(localDay(finish, JKT)).toBe('2026-11-22');
    expect(localDay(arrive, 'UTC')).not.toBe(localDay(finish, 'UTC'));
  });

  it('differs between WIB, WITA and WIT near midnight', () => {
    const t = '2026-11-21T15:30:00Z'; // 22:30 WIB, 23:30 WITA, 00:30 WIT
    expect(localDay(t, JKT)).toBe('2026-11-21');
    expect(localDay(t, MKS)).toBe('2026-11-21');
    expect(localDay(t, JAP)).toBe('2026-11-22');
  });
});

describe('localDayBounds', () => {
  it('gives [17:00Z the day before, 17:00Z) for a Jakarta day', () => {
    const { start, end } = localDayBounds('2026-11-22', JKT);
    expect(start.toISOString()).toBe('2026-11-21T17:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-22T17:00:00.000Z');
  });

  it('follows the zone: WITA and WIT days start earlier in UTC', () => {
    expect(localDayBounds('2026-11-22', MKS).start.toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(localDayBounds('2026-11-22', MKS).end.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(localDayBounds('2026-11-22', JAP).start.toISOString()).toBe('2026-11-21T15:00:00.000Z');
    expect(localDayBounds('2026-11-22', JAP).end.toISOString()).toBe('2026-11-22T15:00:00.000Z');
  });

  it('agrees with localDay at the edges (start inclusive, end exclusive)', () => {
    for (const tz of [JKT, MKS, JAP]) {
      for (const day of ['2026-11-22', '2026-01-01', '2024-02-29', '2026-12-31']) {
        const { start, end } = localDayBounds(day, tz);
        expect(localDay(start, tz), `${day} ${tz} start`).toBe(day);
        expect(localDay(end.getTime() - 1, tz), `${day} ${tz} end-1ms`).toBe(day);
        expect(localDay(start.getTime() - 1, tz), `${day} ${tz} start-1ms`).not.toBe(day);
        expect(localDay(end, tz), `${day} ${tz} end`).not.toBe(day);
        expect(end.getTime() - start.getTime()).toBe(24 * 3600 * 1000);
      }
    }
  });

  it('rolls over months and years', () => {
    expect(localDayBounds('2027-01-01', JKT).start.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(localDayBounds('2026-03-01', JKT).start.toISOString()).toBe('2026-02-28T17:00:00.000Z');
  });

  it('stays correct on a daylight-saving day (clinics abroad, 23-hour day)', () => {
    const { start, end } = localDayBounds('2026-03-29', 'Europe/Berlin');
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('formatRupiah', () => {
  it('writes integer rupiah with dot thousands: Rp 150.000', () => {
    expect(formatRupiah(150000)).toBe('Rp 150.000');
    expect(formatRupiah(1_250_000_000)).toBe('Rp 1.250.000.000');
    expect(formatRupiah(999)).toBe('Rp 999');
  });

  it('handles zero and negative amounts (refunds)', () => {
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(-150000)).toBe('-Rp 150.000');
    expect(formatRupiah(-0)).toBe('Rp 0');
  });

  it('uses the English grouping in English', () => {
    expect(formatRupiah(150000, 'en')).toBe('Rp 150,000');
    expect(formatRupiah(-2500, 'en')).toBe('-Rp 2,500');
  });

  it('refuses anything that is not an integer amount', () => {
    expect(() => formatRupiah(1500.5)).toThrow(/integer/);
    expect(() => formatRupiah(0.1 + 0.2)).toThrow(/integer/);
    expect(() => formatRupiah(Number.NaN)).toThrow(/integer/);
    expect(() => formatRupiah(Number.POSITIVE_INFINITY)).toThrow(/integer/);
    expect(() => formatRupiah(2 ** 53)).toThrow(/integer/);
  });
});

describe('formatNumber', () => {
  it('uses . for thousands and , for decimals in Indonesian, the reverse in English', () => {
    expect(formatNumber(1234567.5, 'id')).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(36.75, 'id')).toBe('36,75');
    expect(formatNumber(36.75, 'en')).toBe('36.75');
  });

  it('rounds to two decimals', () => {
    expect(formatNumber(1.23456, 'id')).toBe('1,23');
    expect(formatNumber(1000, 'id')).toBe('1.000');
  });
});

describe('formatters and zones', () => {
  it('binds locale and zone for templates', () => {
    const id = formatters('id', JAP);
    expect(id.dateTime('2026-11-21T18:30:00Z')).toBe('22/11/2026 03:30');
    expect(id.date('2001-05-14')).toBe('14/05/2001');
    expect(id.money(75000)).toBe('Rp 75.000');
    expect(id.number(2.5)).toBe('2,5');
    const en = formatters('en', JKT);
    expect(en.dateTime('2026-11-21T18:30:00Z')).toBe('22/11/2026 01:30');
    expect(en.money(75000)).toBe('Rp 75,000');
    expect(en.number(2.5)).toBe('2.5');
  });

  it('recognises IANA zone names only', () => {
    expect(isValidTimeZone(JKT)).toBe(true);
    expect(isValidTimeZone(MKS)).toBe(true);
    expect(isValidTimeZone(JAP)).toBe(true);
    expect(isValidTimeZone('WIB')).toBe(false);
    expect(isValidTimeZone('Asia/Bandung')).toBe(false);
  });
});
