// Generates the bulk of the demo clinic's patients from the lists in
// seed-names.ts. Deterministic: a fixed-seed PRNG, so every fresh demo gets the
// same people (only their birth dates follow the calendar, so an infant stays
// an infant and nobody is born in the future). Pure: no database here.
import type { Sex } from './identity.js';
import { INSURERS, MOBILE_PREFIXES, REGION_GROUPS } from './seed-names.js';
import type { RegionGroup } from './seed-names.js';
import type { DemoPatient } from './seed-types.js';

/** mulberry32: tiny, fast, and the same sequence on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const digits = (r: Rand, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

function pickGroup(r: Rand): RegionGroup {
  const total = REGION_GROUPS.reduce((s, g) => s + g.weight, 0);
  let x = r() * total;
  for (const g of REGION_GROUPS) {
    x -= g.weight;
    if (x < 0) return g;
  }
  return REGION_GROUPS[0]!;
}

/**
 * An age in days, shaped like a primary clinic's patients: some babies
 * (immunisation, MTBS), school children, many working-age adults, and the
 * elderly with chronic conditions (Prolanis).
 */
function ageInDays(r: Rand): number {
  const x = r();
  const years = x < 0.07 ? r() : x < 0.22 ? 1 + r() * 11 : x < 0.3 ? 12 + r() * 6 : x < 0.78 ? 18 + r() * 42 : 60 + r() * 32;
  // At least two weeks old: a newborn gets a record at its first visit.
  return Math.max(14, Math.floor(years * 365.25));
}

function birthDateFor(today: Date, days: number): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - days * 86_400_000).toISOString().slice(0, 10);
}

function nameFor(r: Rand, g: RegionGroup, sex: Sex, ageYears: number): string {
  const given = pick(r, sex === 'M' ? g.male : g.female);
  if (g.birthOrder) return `${sex === 'M' ? 'I' : 'Ni'} ${pick(r, g.birthOrder)} ${given}`;
  if (g.family.length) return `${given} ${pick(r, g.family)}`;
  if (ageYears >= 60 && r() < (g.singleNameElderly ?? 0)) {
    // Older Javanese and Betawi patients often have one name; some are hajj returnees.
    const title = r() < 0.2 ? (sex === 'M' ? 'H. ' : 'Hj. ') : '';
    return `${title}${given}`;
  }
  const second = sex === 'M' ? g.secondMale : g.secondFemale;
  return second?.length ? `${given} ${pick(r, second)}` : given;
}

function phoneFor(r: Rand): string {
  const prefix = pick(r, MOBILE_PREFIXES);
  const rest = digits(r, 8);
  // Written the way people give it at the desk; the schema stores +62….
  const style = r();
  if (style < 0.4) return `${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`;
  if (style < 0.7) return `${prefix} ${rest.slice(0, 4)} ${rest.slice(4)}`;
  if (style < 0.9) return `${prefix}${rest}`;
  return `+62 ${prefix.slice(1)} ${rest.slice(0, 4)} ${rest.slice(4)}`;
}

function addressFor(r: Rand, g: RegionGroup): string {
  const rt = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const rw = String(1 + Math.floor(r() * 9)).padStart(2, '0');
  return `${pick(r, g.streets)} No. ${1 + Math.floor(r() * 180)}, RT ${rt}/RW ${rw}, ${g.city}`;
}

/**
 * `count` patients, with NIK serials from `firstSerial` up (distinct serials
 * keep every NIK distinct, whatever the region and birth date).
 */
export function generateDemoPatients(count: number, today: Date, firstSerial = 1000, seed = 20_240_817): DemoPatient[] {
  const r = prng(seed);
  const out: DemoPatient[] = [];
  for (let i = 0; i < count; i++) {
    const g = pickGroup(r);
    const sex: Sex = r() < 0.52 ? 'F' : 'M';
    const days = ageInDays(r);
    const ageYears = days / 365.25;
    const birthDate = birthDateFor(today, days);
    let fullName = nameFor(r, g, sex, ageYears);
    // A baby not yet named is registered as "By. Ny. <mother>" (bayi nyonya).
    if (ageYears < 0.25 && r() < 0.5) fullName = `By. Ny. ${pick(r, g.female)}`;
    const payerRoll = r();
    // About half BPJS (a klinik pratama, not a Puskesmas, where nearly all are),
    // the rest mostly paying themselves: the demo day needs both kinds.
    const payer: DemoPatient['payer'] = payerRoll < 0.5 ? 'bpjs' : payerRoll < 0.88 ? 'general' : 'insurance';
    const p: DemoPatient = { region: pick(r, g.regions), serial: firstSerial + i, fullName, sex, birthDate, payer };
    // Children and many elderly have no phone of their own; some addresses were never taken.
    if (ageYears >= 15 && r() < 0.85) p.phone = phoneFor(r);
    if (r() < 0.8) p.address = addressFor(r, g);
    if (payer === 'bpjs') p.bpjsNumber = `000${digits(r, 10)}`;
    if (payer === 'insurance') {
      const ins = pick(r, INSURERS);
      p.insurerName = ins.name;
      p.policyNumber = `${ins.prefix}-${2015 + Math.floor(r() * 10)}/${digits(r, 6)}`;
    }
    out.push(p);
  }
  return out;
}
