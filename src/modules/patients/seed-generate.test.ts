import { describe, expect, it } from 'vitest';
import { ageOn, buildNik, nameTokens } from './identity.js';
import { patientSchema } from './schemas.js';
import { generateDemoPatients } from './seed-generate.js';

const today = new Date('2026-03-10T02:00:00Z');
const people = generateDemoPatients(188, today, 1000);
const parsed = people.map((d) =>
  patientSchema.safeParse({ ...d, nik: buildNik(d.region, d.birthDate, d.sex, d.serial), region: undefined, serial: undefined }),
);

describe('generated demo patients', () => {
  it('is deterministic for a given day', () => {
    expect(generateDemoPatients(188, today, 1000)).toEqual(people);
    expect(generateDemoPatients(188, today, 1000, 7)).not.toEqual(people);
  });

  it('all pass the same schema as a clerk’s registration', () => {
    const bad = parsed.flatMap((r, i) => (r.success ? [] : [{ name: people[i]!.fullName, issues: r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`) }]));
    expect(bad).toEqual([]);
  });

  it('have distinct NIKs', () => {
    const niks = people.map((d) => buildNik(d.region, d.birthDate, d.sex, d.serial));
    expect(new Set(niks).size).toBe(niks.length);
  });

  it('span infants to the elderly, both sexes, every payer', () => {
    const ages = people.map((d) => ageOn(d.birthDate, '2026-03-10'));
    expect(ages.filter((a) => a < 1).length).toBeGreaterThanOrEqual(3);
    expect(ages.filter((a) => a >= 1 && a < 18).length).toBeGreaterThanOrEqual(15);
    expect(ages.filter((a) => a >= 60).length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...ages)).toBeLessThan(100);
    const payers = people.map((d) => d.payer);
    expect(payers.filter((p) => p === 'bpjs').length).toBeGreaterThan(payers.length / 3);
    expect(payers.filter((p) => p === 'insurance').length).toBeGreaterThanOrEqual(5);
    expect(people.filter((d) => d.sex === 'F').length).toBeGreaterThan(60);
    expect(people.filter((d) => d.sex === 'M').length).toBeGreaterThan(60);
    expect(people.every((d) => d.payer !== 'bpjs' || /^\d{13}$/.test(d.bpjsNumber ?? ''))).toBe(true);
  });

  it('come from many regions (NIK province codes)', () => {
    expect(new Set(people.map((d) => d.region.slice(0, 2))).size).toBeGreaterThanOrEqual(10);
  });

  it('never shadow the hand-written patients other suites search for', () => {
    // "sukarni" must find one patient, and "siti" must find Siti Aminah on the first page.
    const tokens = people.flatMap((d) => nameTokens(d.fullName));
    expect(tokens.filter((t) => t.startsWith('sukarni'))).toEqual([]);
    expect(tokens.filter((t) => t.startsWith('siti')).length).toBeLessThan(10);
  });

  it('give the demo day (src/demo/clinic-day.ts) enough of each payer among the newest 80', () => {
    // It books today's visits from the four newest pages: ≥ 6 BPJS and ≥ 30 others.
    const newest = people.slice(-80);
    expect(newest.filter((d) => d.payer === 'bpjs').length).toBeGreaterThanOrEqual(6);
    expect(newest.filter((d) => d.payer !== 'bpjs').length).toBeGreaterThanOrEqual(36);
  });
});
