import { describe, expect, it } from 'vitest';
import { addDays, checkSlot, isRealDay, minutesOf, overlaps, weekdayOf } from './slots.js';

describe('calendar', () => {
  it('reads times and real days', () => {
    expect(minutesOf('08:30')).toBe(510);
    expect(isRealDay('2024-02-29')).toBe(true);
    expect(isRealDay('2025-02-29')).toBe(false);
    expect(isRealDay('2025-04-31')).toBe(false);
    expect(isRealDay('2025-4-1')).toBe(false);
  });

  it('gives ISO weekdays (Mon 1 … Sun 7) and adds days across months', () => {
    expect(weekdayOf('2025-06-02')).toBe(1); // a Monday
    expect(weekdayOf('2025-06-08')).toBe(7); // a Sunday
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('overlaps', () => {
  it('treats windows as half-open', () => {
    expect(overlaps({ start: '08:00', end: '12:00' }, { start: '12:00', end: '14:00' })).toBe(false);
    expect(overlaps({ start: '08:00', end: '12:00' }, { start: '11:59', end: '14:00' })).toBe(true);
    expect(overlaps({ start: '09:00', end: '10:00' }, { start: '08:00', end: '12:00' })).toBe(true);
  });
});

describe('checkSlot', () => {
  const windows = [
    { start: '08:00', end: '12:00', slotMinutes: 15 },
    { start: '13:10', end: '14:00', slotMinutes: 20 },
  ];
  it('accepts slot starts with a whole slot before the end', () => {
    expect(checkSlot(windows, '08:00')).toBe('ok');
    expect(checkSlot(windows, '11:45')).toBe('ok');
    expect(checkSlot(windows, '13:30')).toBe('ok');
  });
  it('tells off-boundary times from times outside every window', () => {
    expect(checkSlot(windows, '08:07')).toBe('off-boundary');
    expect(checkSlot(windows, '13:50')).toBe('off-boundary'); // 13:50 + 20 > 14:00
    expect(checkSlot(windows, '12:00')).toBe('outside');
    expect(checkSlot(windows, '07:45')).toBe('outside');
    expect(checkSlot([], '09:00')).toBe('outside');
  });
});
