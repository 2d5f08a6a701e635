import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import type { BreakerOptions, Permit, Transition } from './breaker.js';

const OPTS: BreakerOptions = {
  window: 10,
  minCalls: 4,
  failureRate: 0.5,
  slowCallMs: 1000,
  openMs: 5000,
  maxOpenMs: 30_000,
  probes: 2,
};

function setup(overrides: Partial<BreakerOptions> = {}) {
  const clock = { t: 1_000_000 };
  const transitions: Transition[] = [];
  const breaker = new CircuitBreaker({ ...OPTS, ...overrides }, (t) => transitions.push(t), () => clock.t);
  /** Acquires and records one ordinary call. */
  const call = (failed: boolean, durationMs = 10): Permit => {
    const p = breaker.tryAcquire();
    expect(p).toMatchObject({ ok: true, probe: false });
    breaker.record(p, failed, durationMs);
    return p;
  };
  const trip = () => {
    for (let i = 0; i < OPTS.minCalls; i++) call(true);
    expect(breaker.state).toBe('open');
  };
  return { clock, transitions, breaker, call, trip };
}

describe('CircuitBreaker: closed → open', () => {
  it('does not trip below minCalls even when every call fails', () => {
    const { breaker, call, transitions } = setup();
    for (let i = 0; i < OPTS.minCalls - 1; i++) call(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.failureRate()).toBe(1);
    expect(breaker.callsInWindow()).toBe(3);
    expect(transitions).toEqual([]);
    expect(breaker.tryAcquire().ok).toBe(true);
  });

  it('trips when the failure rate reaches the threshold with minCalls outcomes', () => {
    const { breaker, call, transitions } = setup();
    call(false);
    call(true);
    call(false);
    expect(breaker.state).toBe('closed');
    call(true); // 2 of 4 = 50% = threshold
    expect(breaker.state).toBe('open');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ from: 'closed', to: 'open' });
    expect(transitions[0]?.reason).toContain('50%');
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 5000 });
  });

  it('stays closed just below the threshold', () => {
    const { breaker, call } = setup({ minCalls: 5 });
    call(true);
    call(true);
    call(false);
    call(false);
    call(false); // 2 of 5 = 40%
    expect(breaker.state).toBe('closed');
  });

  it('counts a slow success as a failure', () => {
    const { breaker, call } = setup();
    call(false, 10);
    call(false, 10);
    call(false, OPTS.slowCallMs); // exactly at the slow threshold
    expect(breaker.failureRate()).toBeCloseTo(1 / 3);
    call(false, 5000);
    expect(breaker.state).toBe('open');
  });

  it('slides the window: old failures fall out', () => {
    const { breaker, call } = setup({ window: 4, minCalls: 4, failureRate: 0.75 });
    call(true);
    call(true);
    call(false);
    call(false); // 50%: closed
    call(false); // window now [T, F, F, F]
    expect(breaker.callsInWindow()).toBe(4);
    expect(breaker.failureRate()).toBe(0.25);
    call(true);
    call(true); // [F, F, T, T]
    expect(breaker.state).toBe('closed');
  });

  it('ignores a rejected permit when it is recorded', () => {
    const { breaker, call } = setup();
    call(false);
    const rejected: Permit = { ok: false, retryAfterMs: 1000 };
    for (let i = 0; i < 10; i++) breaker.record(rejected, true, 99_999);
    expect(breaker.callsInWindow()).toBe(1);
    expect(breaker.state).toBe('closed');
    expect(breaker.failureRate()).toBe(0);
  });
});

describe('CircuitBreaker: open, half-open and the growing wait', () => {
  it('reports retryAfterMs that counts down while open, 0 otherwise', () => {
    const { breaker, clock, trip } = setup();
    expect(breaker.retryAfterMs()).toBe(0);
    trip();
    expect(breaker.retryAfterMs()).toBe(5000);
    clock.t += 2000;
    expect(breaker.retryAfterMs()).toBe(3000);
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 3000 });
    clock.t += 2999;
    expect(breaker.state).toBe('open');
    clock.t += 1;
    expect(breaker.state).toBe('half_open');
    expect(breaker.retryAfterMs()).toBe(0);
  });

  it('admits exactly `probes` concurrent probes in half-open and rejects more', () => {
    const { breaker, clock, trip, transitions } = setup({ probes: 3 });
    trip();
    clock.t += 5000;
    const permits = [breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()];
    for (const p of permits) expect(p).toMatchObject({ ok: true, probe: true });
    const extra = breaker.tryAcquire();
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.retryAfterMs).toBeGreaterThan(0);
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open']);
    // a finished probe does not free a slot for another: the round is `probes` calls
    breaker.record(permits[0]!, false, 10);
    expect(breaker.tryAcquire().ok).toBe(false);
    expect(breaker.state).toBe('half_open');
  });

  it('closes after all probes succeed and resets the wait to openMs', () => {
    const { breaker, clock, trip, transitions } = setup();
    trip();
    clock.t += 5000;
    const a = breaker.tryAcquire();
    const b = breaker.tryAcquire();
    breaker.record(a, false, 10);
    expect(breaker.state).toBe('half_open');
    breaker.record(b, false, 10);
    expect(breaker.state).toBe('closed');
    expect(breaker.callsInWindow()).toBe(0);
    expect(transitions.at(-1)).toMatchObject({ from: 'half_open', to: 'closed' });
    expect(breaker.tryAcquire()).toMatchObject({ ok: true, probe: false });
    trip();
    expect(breaker.retryAfterMs()).toBe(5000);
  });

  it('reopens with a doubled wait when a probe fails, and caps the wait at maxOpenMs', () => {
    const { breaker, clock, trip, transitions } = setup();
    trip();
    const waits = [breaker.retryAfterMs()];
    for (let i = 0; i < 5; i++) {
      clock.t += waits.at(-1)!;
      expect(breaker.state).toBe('half_open');
      const probe = breaker.tryAcquire();
      expect(probe).toMatchObject({ ok: true, probe: true });
      breaker.record(probe, true, 10);
      expect(breaker.state).toBe('open');
      waits.push(breaker.retryAfterMs());
    }
    expect(waits).toEqual([5000, 10_000, 20_000, 30_000, 30_000, 30_000]);
    expect(transitions.filter((t) => t.from === 'half_open' && t.to === 'open')).toHaveLength(5);
    expect(transitions.at(-1)?.reason).toBe('probe failed');
  });

  it('a slow probe counts as a failed probe', () => {
    const { breaker, clock, trip } = setup();
    trip();
    clock.t += 5000;
    const p = breaker.tryAcquire();
    breaker.record(p, false, OPTS.slowCallMs + 1);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterMs()).toBe(10_000);
  });

  it('ignores outcomes of ordinary calls that finish while open', () => {
    const { breaker, call, clock } = setup();
    const inFlight = breaker.tryAcquire();
    for (let i = 0; i < 4; i++) call(true);
    expect(breaker.state).toBe('open');
    breaker.record(inFlight, true, 10);
    expect(breaker.callsInWindow()).toBe(0);
    expect(breaker.retryAfterMs()).toBe(5000);
    clock.t += 5000;
    expect(breaker.state).toBe('half_open');
  });
});

describe('CircuitBreaker.forceOpen', () => {
  it('opens from closed, reports the transition and honours minMs', () => {
    const { breaker, clock, transitions } = setup();
    breaker.forceOpen('restart storm', 12_000);
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual([{ from: 'closed', to: 'open', reason: 'restart storm' }]);
    expect(breaker.retryAfterMs()).toBe(12_000);
    clock.t += 11_999;
    expect(breaker.tryAcquire().ok).toBe(false);
    clock.t += 1;
    expect(breaker.tryAcquire()).toMatchObject({ ok: true, probe: true });
  });

  it('uses the backoff wait when it is longer than minMs', () => {
    const { breaker } = setup();
    breaker.forceOpen('storm', 1000);
    expect(breaker.retryAfterMs()).toBe(5000);
    breaker.forceOpen('storm again', 1000);
    expect(breaker.retryAfterMs()).toBe(10_000);
  });
});

describe('CircuitBreaker rounds', () => {
  it('ignores a late probe from an earlier half-open round', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker({ window: 10, minCalls: 5, failureRate: 0.5, slowCallMs: 1000, openMs: 5000, maxOpenMs: 60_000, probes: 1 }, () => {}, () => clock.t);
    b.forceOpen('x');
    clock.t += 5000;
    const late = b.tryAcquire();
    expect(late).toMatchObject({ ok: true, probe: true });
    b.forceOpen('storm', 1000);
    clock.t += 20_000;
    expect(b.state).toBe('half_open');
    b.record(late, false, 10);
    expect(b.state).toBe('half_open');
  });

  it('release() frees a probe slot without counting a success', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker({ window: 10, minCalls: 5, failureRate: 0.5, slowCallMs: 1000, openMs: 1000, maxOpenMs: 60_000, probes: 1 }, () => {}, () => clock.t);
    b.forceOpen('x');
    clock.t += 1000;
    const p = b.tryAcquire();
    expect(b.tryAcquire().ok).toBe(false);
    b.release(p);
    expect(b.state).toBe('half_open');
    expect(b.tryAcquire().ok).toBe(true);
  });
});

describe('CircuitBreaker.halfOpenNow (a remote service answers again)', () => {
  const opts = { window: 10, minCalls: 5, failureRate: 0.5, slowCallMs: 1000, openMs: 5000, maxOpenMs: 60_000, probes: 2 };

  it('admits probes at once, and a failing probe re-opens with the doubled wait', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker(opts, () => {}, () => clock.t);
    b.forceOpen('down');
    b.halfOpenNow();
    expect(b.state).toBe('half_open');
    const p = b.tryAcquire();
    b.record(p, true, 10);
    expect(b.state).toBe('open');
    expect(b.retryAfterMs()).toBe(10_000);
  });

  it('closes after the probes succeed', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker(opts, () => {}, () => clock.t);
    b.forceOpen('down');
    b.halfOpenNow();
    const [p1, p2] = [b.tryAcquire(), b.tryAcquire()];
    b.record(p1, false, 10);
    b.record(p2, false, 10);
    expect(b.state).toBe('closed');
  });

  it('does nothing to a closed breaker, nor before a forced minimum (restart storm) has passed', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker(opts, () => {}, () => clock.t);
    b.halfOpenNow();
    expect(b.state).toBe('closed');
    b.forceOpen('storm', 8000);
    clock.t += 4000;
    b.halfOpenNow();
    expect(b.state).toBe('open');
    clock.t += 4000;
    expect(b.state).toBe('half_open');
  });
});
