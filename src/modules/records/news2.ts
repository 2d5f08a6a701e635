// NEWS2 (Royal College of Physicians, 2017), SpO2 scale 1: a pure function of one
// set of observations. Kept free of I/O so every band boundary is unit-tested
// (news2.test.ts) and the same numbers show in the API, the triage list and the page.

export const CONSCIOUSNESS = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;
export type Consciousness = (typeof CONSCIOUSNESS)[number];

export const NEWS2_RISKS = ['low', 'low-medium', 'medium', 'high'] as const;
export type News2Risk = (typeof NEWS2_RISKS)[number];

export interface News2Input {
  respRate: number;
  spo2: number;
  onOxygen: boolean;
  systolic: number;
  pulse: number;
  consciousness: Consciousness;
  /** Degrees Celsius; rounded to one decimal before scoring (the chart's resolution). */
  temperature: number;
}

export interface News2Parts {
  respRate: number;
  spo2: number;
  air: number;
  systolic: number;
  pulse: number;
  consciousness: number;
  temperature: number;
}

export interface News2Result {
  score: number;
  risk: News2Risk;
  parts: News2Parts;
}

/** Temperature in integer tenths of a degree (36.75 → 368); avoids 35.05 * 10 = 350.4999… */
export function toTenths(celsius: number): number {
  return Math.round(Number((celsius * 10).toPrecision(12)));
}

export function scoreRespRate(v: number): number {
  if (v <= 8) return 3;
  if (v <= 11) return 1;
  if (v <= 20) return 0;
  if (v <= 24) return 2;
  return 3;
}

export function scoreSpo2(v: number): number {
  if (v <= 91) return 3;
  if (v <= 93) return 2;
  if (v <= 95) return 1;
  return 0;
}

export function scoreAir(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}

export function scoreSystolic(v: number): number {
  if (v <= 90) return 3;
  if (v <= 100) return 2;
  if (v <= 110) return 1;
  if (v <= 219) return 0;
  return 3;
}

export function scorePulse(v: number): number {
  if (v <= 40) return 3;
  if (v <= 50) return 1;
  if (v <= 90) return 0;
  if (v <= 110) return 1;
  if (v <= 130) return 2;
  return 3;
}

export function scoreConsciousness(v: Consciousness): number {
  return v === 'alert' ? 0 : 3;
}

/** Bands on tenths: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2. */
export function scoreTemperature(celsius: number): number {
  const t = toTenths(celsius);
  if (t <= 350) return 3;
  if (t <= 360) return 1;
  if (t <= 380) return 0;
  if (t <= 390) return 1;
  return 2;
}

/** Total ≥7 high; 5–6 medium; 0–4 with any single parameter scoring 3 → low-medium; else low. */
export function riskOf(score: number, parts: News2Parts): News2Risk {
  if (score >= 7) return 'high';
  if (score >= 5) return 'medium';
  if (Object.values(parts).some((p) => p === 3)) return 'low-medium';
  return 'low';
}

export function news2(v: News2Input): News2Result {
  const parts: News2Parts = {
    respRate: scoreRespRate(v.respRate),
    spo2: scoreSpo2(v.spo2),
    air: scoreAir(v.onOxygen),
    systolic: scoreSystolic(v.systolic),
    pulse: scorePulse(v.pulse),
    consciousness: scoreConsciousness(v.consciousness),
    temperature: scoreTemperature(v.temperature),
  };
  const score = Object.values(parts).reduce((a, b) => a + b, 0);
  return { score, risk: riskOf(score, parts), parts };
}
