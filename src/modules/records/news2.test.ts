// Every band boundary of every NEWS2 parameter, both sides, and worked examples.
import { describe, expect, it } from 'vitest';
import { news2, riskOf, scoreAir, scoreConsciousness, scorePulse, scoreRespRate, scoreSpo2, scoreSystolic, scoreTemperature, toTenths } from './news2.js';
import type { News2Input } from './news2.js';

const table = <T>(fn: (v: T) => number, cases: Array<[T, number]>) => {
  for (const [v, expected] of cases) it(`${String(v)} → ${expected}`, () => expect(fn(v)).toBe(expected));
};

describe('respiration rate', () => {
  table(scoreRespRate, [[4, 3], [8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3], [40, 3]]);
});

describe('SpO2 scale 1', () => {
  table(scoreSpo2, [[80, 3], [91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0], [100, 0]]);
});

describe('air or oxygen', () => {
  table(scoreAir, [[true, 2], [false, 0]]);
});

describe('systolic blood pressure', () => {
  table(scoreSystolic, [[70, 3], [90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3], [250, 3]]);
});

describe('pulse', () => {
  table(scorePulse, [[30, 3], [40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3], [180, 3]]);
});

describe('consciousness', () => {
  table(scoreConsciousness, [['alert', 0], ['confusion', 3], ['voice', 3], ['pain', 3], ['unresponsive', 3]]);
});

describe('temperature (rounded to one decimal first)', () => {
  table(scoreTemperature, [
    [34, 3], [35.0, 3], [35.04, 3], [35.05, 1], [35.1, 1], [36.0, 1], [36.04, 1], [36.05, 0], [36.1, 0],
    [38.0, 0], [38.04, 0], [38.05, 1], [38.1, 1], [39.0, 1], [39.04, 1], [39.05, 2], [39.1, 2], [41, 2],
  ]);
  it('stores tenths without floating-point drift', () => {
    expect(toTenths(35.05)).toBe(351);
    expect(toTenths(36.8)).toBe(368);
    expect(toTenths(38.25)).toBe(383);
  });
});

describe('risk bands', () => {
  const zero = { respRate: 0, spo2: 0, air: 0, systolic: 0, pulse: 0, consciousness: 0, temperature: 0 };
  it('0–4 without a red score is low; with a single 3 it is low-medium', () => {
    expect(riskOf(0, zero)).toBe('low');
    expect(riskOf(4, { ...zero, pulse: 2, air: 2 })).toBe('low');
    expect(riskOf(3, { ...zero, consciousness: 3 })).toBe('low-medium');
    expect(riskOf(4, { ...zero, spo2: 3, pulse: 1 })).toBe('low-medium');
  });
  it('5–6 medium, ≥7 high (whatever the single scores)', () => {
    expect(riskOf(5, { ...zero, spo2: 3, air: 2 })).toBe('medium');
    expect(riskOf(6, { ...zero, pulse: 2, air: 2, respRate: 2 })).toBe('medium');
    expect(riskOf(7, { ...zero, pulse: 3, air: 2, respRate: 2 })).toBe('high');
    expect(riskOf(20, { ...zero, pulse: 3 })).toBe('high');
  });
});

describe('worked examples', () => {
  const normal: News2Input = { respRate: 16, spo2: 98, onOxygen: false, systolic: 120, pulse: 72, consciousness: 'alert', temperature: 36.8 };

  it('a healthy adult scores 0, low', () => {
    expect(news2(normal)).toEqual({ score: 0, risk: 'low', parts: { respRate: 0, spo2: 0, air: 0, systolic: 0, pulse: 0, consciousness: 0, temperature: 0 } });
  });

  it('new confusion alone: 3, low-medium', () => {
    const r = news2({ ...normal, consciousness: 'confusion' });
    expect(r.score).toBe(3);
    expect(r.risk).toBe('low-medium');
  });

  it('febrile and fast: resp 22, pulse 105, temp 38.6 → 2+1+1 = 4, low', () => {
    const r = news2({ ...normal, respRate: 22, pulse: 105, temperature: 38.6 });
    expect(r.parts).toMatchObject({ respRate: 2, pulse: 1, temperature: 1 });
    expect(r).toMatchObject({ score: 4, risk: 'low' });
  });

  it('sepsis picture: resp 24, SpO2 93 on oxygen, BP 98, pulse 118, temp 39.2 → 2+2+2+2+2+2 = 12, high', () => {
    const r = news2({ respRate: 24, spo2: 93, onOxygen: true, systolic: 98, pulse: 118, consciousness: 'alert', temperature: 39.2 });
    expect(r.parts).toEqual({ respRate: 2, spo2: 2, air: 2, systolic: 2, pulse: 2, consciousness: 0, temperature: 2 });
    expect(r).toMatchObject({ score: 12, risk: 'high' });
  });

  it('SpO2 94 on oxygen with resp 21: 1+2+2 = 5, medium', () => {
    expect(news2({ ...normal, spo2: 94, onOxygen: true, respRate: 21 })).toMatchObject({ score: 5, risk: 'medium' });
  });

  it('hypotension 90 alone: 3, low-medium; with pulse 135: 6, medium; plus voice: 9, high', () => {
    expect(news2({ ...normal, systolic: 90 })).toMatchObject({ score: 3, risk: 'low-medium' });
    expect(news2({ ...normal, systolic: 90, pulse: 135 })).toMatchObject({ score: 6, risk: 'medium' });
    expect(news2({ ...normal, systolic: 90, pulse: 135, consciousness: 'voice' })).toMatchObject({ score: 9, risk: 'high' });
  });
});
