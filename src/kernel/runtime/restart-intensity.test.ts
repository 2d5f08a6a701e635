import { describe, expect, it } from 'vitest';
import { RestartIntensity } from './restart-intensity.js';

const WINDOW = 60_000;

function setup(max = 3, maxBackoffMs = 30_000) {
  const clock = { t: 5_000_000 };
  const ri = new RestartIntensity(max, WINDOW, 1000, maxBackoffMs, () => clock.t);
  /** `n` restarts, `gapMs` apart; returns each backoff. */
  const burst = (n: number, gapMs = 100): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) clock.t += gapMs;
      out.push(ri.record());
    }
    return out;
  };
  return { clock, ri, burst };
}

describe('RestartIntensity', () => {
  it('returns 0 for up to `max` restarts within the window', () => {
    const { ri, burst } = setup(3);
    expect(burst(3)).toEqual([0, 0, 0]);
    expect(ri.recent()).toBe(3);
  });

  it('returns a 1000 ms backoff on the (max+1)th restart within the window', () => {
    const { ri, burst } = setup(3);
    expect(burst(4)).toEqual([0, 0, 0, 1000]);
    expect(ri.recent()).toBe(0); // a storm starts a fresh count
  });

  it('doubles the backoff on each further storm and caps it at maxBackoffMs', () => {
    const { burst, clock } = setup(2, 5000);
    const backoffs: number[] = [];
    for (let storm = 0; storm < 5; storm++) {
      clock.t += 1000;
      backoffs.push(burst(3, 10).at(-1)!);
    }
    expect(backoffs).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('uses the default cap of 30 s', () => {
    const clock = { t: 0 };
    const ri = new RestartIntensity(0, WINDOW, undefined, undefined, () => clock.t);
    const backoffs: number[] = [];
    for (let i = 0; i < 7; i++) {
      clock.t += 10;
      backoffs.push(ri.record());
    }
    expect(backoffs).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('never trips when restarts are spread wider than the window', () => {
    const { burst, ri } = setup(2);
    // one restart every 30.001 s: never more than 2 inside any 60 s window
    const backoffs = burst(50, WINDOW / 2 + 1);
    expect(backoffs.every((b) => b === 0)).toBe(true);
    expect(ri.recent()).toBeLessThanOrEqual(2);
  });

  it('counts a restart exactly one window old as outside the window', () => {
    const { burst, clock, ri } = setup(1);
    expect(burst(1)).toEqual([0]);
    clock.t += WINDOW;
    expect(ri.record()).toBe(0);
    clock.t += WINDOW - 1;
    expect(ri.record()).toBe(1000);
  });

  it('forgets earlier storms after a long quiet spell', () => {
    const { burst, clock } = setup(3);
    expect(burst(4).at(-1)).toBe(1000);
    clock.t += 1000;
    expect(burst(4).at(-1)).toBe(2000);
    clock.t += 1000;
    expect(burst(4).at(-1)).toBe(4000);
    clock.t += 3 * WINDOW; // quiet
    expect(burst(4).at(-1)).toBe(1000);
    clock.t += 1000;
    expect(burst(4).at(-1)).toBe(2000);
  });

  it('keeps escalating when storms follow each other closely', () => {
    const { burst, clock } = setup(3);
    expect(burst(4, 1000).at(-1)).toBe(1000);
    clock.t += WINDOW / 2;
    expect(burst(4, 1000).at(-1)).toBe(2000);
  });
});
