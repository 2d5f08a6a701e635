// Money typed into a form: "50000", "50.000" or "Rp 50.000" mean fifty
// thousand rupiah. Anything else (a decimal comma, letters, a float) is left
// as it was, so the schema's z.number().int() rejects it with a field message.
// JSON bodies never pass through here: the API takes integers only.

export function parseRupiahField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim().replace(/^rp\.?\s*/i, '').replace(/\s+/g, '');
  if (s === '') return value;
  if (/^\d+$/.test(s) || /^\d{1,3}(\.\d{3})+$/.test(s)) {
    const n = Number(s.replaceAll('.', ''));
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}
