// Turning a finished visit into invoice lines: pure, so the rules (which tariff
// key, what happens without a tariff, how quantities merge) are unit-tested
// without a database or the other modules.

export const LINE_KINDS = ['consultation', 'procedure', 'drug'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** What records.getBillableVisit answers (docs/clinic.md), as billing reads it. */
export interface BillableVisit {
  encounterId: number;
  patientId: number;
  poliId: number;
  status: string;
  finishedAt: string | null;
  procedures: Array<{ code: string; display: string }>;
  prescriptions: Array<{ drugCode: string; drugName: string; quantity: number }>;
}

/** The poli of the visit as far as billing can tell (code null: appointments down and not cached). */
export interface PoliRef {
  id: number;
  code: string | null;
  name: string | null;
}

export interface TariffPrice {
  key: string;
  name: string;
  price: number;
  active: boolean;
}

export interface InvoiceLine {
  kind: LineKind;
  code: string;
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  /** No active tariff for this item: billed at Rp 0 and shown as a gap, never blocking the cashier. */
  tariffMissing: boolean;
}

/** Tariff codes compare case-insensitively: 'pct500' and 'PCT500' are one drug. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

export function tariffKey(kind: LineKind, code: string): string {
  return `${kind}:${normaliseCode(code)}`;
}

/** Splits 'drug:PCT500' into its parts; null for anything that is not a tariff key. */
export function parseTariffKey(key: string): { kind: LineKind; code: string } | null {
  const m = /^(consultation|procedure|drug):([A-Za-z0-9._-]{1,20})$/.exec(key.trim());
  return m ? { kind: m[1] as LineKind, code: normaliseCode(m[2]!) } : null;
}

/** The tariff keys a visit needs priced (the consultation only when the poli code is known). */
export function keysNeeded(visit: BillableVisit, poli: PoliRef): string[] {
  const keys = new Set<string>();
  if (poli.code) keys.add(tariffKey('consultation', poli.code));
  for (const p of visit.procedures) keys.add(tariffKey('procedure', p.code));
  for (const rx of visit.prescriptions) keys.add(tariffKey('drug', rx.drugCode));
  return [...keys];
}

function line(kind: LineKind, code: string, fallbackDescription: string, quantity: number, tariff: TariffPrice | undefined): InvoiceLine {
  const priced = tariff !== undefined && tariff.active;
  const unitPrice = priced ? tariff.price : 0;
  const amount = unitPrice * quantity;
  if (!Number.isSafeInteger(amount)) throw new RangeError('line amount out of range');
  return {
    kind,
    code,
    description: (priced ? tariff.name : '') || fallbackDescription,
    quantity,
    unitPrice,
    amount,
    tariffMissing: !priced,
  };
}

/**
 * One consultation line, then one line per distinct procedure code (repeats
 * add to its quantity) and per distinct drug (quantities summed; drugs are
 * priced per unit). An item without an active tariff is a line at Rp 0 marked
 * `tariffMissing`. A poli whose code is unknown still gets its consultation
 * line (code '#<poliId>', no tariff) so the gap shows on the invoice.
 */
export function buildLines(visit: BillableVisit, poli: PoliRef, tariffs: ReadonlyMap<string, TariffPrice>): InvoiceLine[] {
  const out: InvoiceLine[] = [];
  const poliName = poli.name ?? '';
  if (poli.code) {
    const code = normaliseCode(poli.code);
    out.push(line('consultation', code, poliName, 1, tariffs.get(tariffKey('consultation', code))));
  } else {
    out.push(line('consultation', `#${poli.id}`, poliName, 1, undefined));
  }

  const procedures = new Map<string, { display: string; quantity: number }>();
  for (const p of visit.procedures) {
    const code = normaliseCode(p.code);
    const seen = procedures.get(code);
    if (seen) seen.quantity += 1;
    else procedures.set(code, { display: p.display, quantity: 1 });
  }
  for (const [code, p] of procedures) out.push(line('procedure', code, p.display, p.quantity, tariffs.get(tariffKey('procedure', code))));

  const drugs = new Map<string, { name: string; quantity: number }>();
  for (const rx of visit.prescriptions) {
    // A prescription without a dispensable quantity bills nothing.
    if (!Number.isSafeInteger(rx.quantity) || rx.quantity <= 0) continue;
    const code = normaliseCode(rx.drugCode);
    const seen = drugs.get(code);
    if (seen) seen.quantity += rx.quantity;
    else drugs.set(code, { name: rx.drugName, quantity: rx.quantity });
  }
  for (const [code, d] of drugs) out.push(line('drug', code, d.name, d.quantity, tariffs.get(tariffKey('drug', code))));
  return out;
}
