// Invoice numbers: INV-YYYYMMDD-NNN, sequential per clinic-local day (the day
// on the clinic's wall calendar, not UTC's). The sequence comes from a counter
// row per day, incremented inside the invoice's own transaction.

/** '2026-03-05', 7 → 'INV-20260305-007'; past 999 the number simply grows. */
export function formatInvoiceNumber(day: string, seq: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError('day must be YYYY-MM-DD');
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('sequence starts at 1');
  return `INV-${day.replaceAll('-', '')}-${String(seq).padStart(3, '0')}`;
}

export function parseInvoiceNumber(number: string): { day: string; seq: number } | null {
  const m = /^INV-(\d{4})(\d{2})(\d{2})-(\d{3,})$/.exec(number.trim().toUpperCase());
  if (!m) return null;
  return { day: `${m[1]}-${m[2]}-${m[3]}`, seq: Number(m[4]) };
}
