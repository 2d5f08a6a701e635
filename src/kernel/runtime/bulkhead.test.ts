import { describe, expect, it } from 'vitest';
import { BilikError } from '../errors.js';
import { Bulkhead } from './bulkhead.js';

/** A promise the test resolves by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets p-limit start queued work (it hands over on microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Bulkhead', () => {
  it('never runs more than `concurrency` fns at once', async () => {
    const bh = new Bulkhead('patients', 3, 100);
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await settle();
      await settle();
      running--;
    };
    await Promise.all(Array.from({ length: 20 }, () => bh.run(work)));
    expect(peak).toBe(3);
    expect(running).toBe(0);
    expect(bh.active).toBe(0);
    expect(bh.queued).toBe(0);
  });

  it('queues up to maxQueue and sheds the next call at once with MODULE_OVERLOADED', async () => {
    const bh = new Bulkhead('patients', 2, 2);
    const g = gate();
    let started = 0;
    const fn = async () => {
      started++;
      await g.promise;
      return started;
    };
    const admitted = [bh.run(fn), bh.run(fn), bh.run(fn), bh.run(fn)];
    await settle();
    expect(bh.active).toBe(2);
    expect(bh.queued).toBe(2);
    expect(started).toBe(2);

    let shedFnRan = false;
    const shed = bh.run(async () => {
      shedFnRan = true;
      return 0;
    });
    // Rejected at once: the admitted calls are still held, so a call that
    // waited for capacity could not settle before the timer.
    const timer = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50));
    const outcome = await Promise.race([shed.then(() => 'resolved', (e: unknown) => e), timer]);
    expect(outcome).toBeInstanceOf(BilikError);
    const err = outcome as BilikError;
    expect(err.code).toBe('MODULE_OVERLOADED');
    expect(err.status).toBe(503);
    expect(err.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(bh.shed).toBe(1);
    await expect(bh.run(fn)).rejects.toMatchObject({ code: 'MODULE_OVERLOADED' });
    expect(bh.shed).toBe(2);

    g.open();
    await Promise.all(admitted);
    expect(started).toBe(4);
    expect(shedFnRan).toBe(false);
    // capacity is back once the queue drains
    await expect(bh.run(async () => 'ok')).resolves.toBe('ok');
    expect(bh.shed).toBe(2);
  });

  it('with queue 0 sheds as soon as all slots are busy', async () => {
    const bh = new Bulkhead('billing', 1, 0);
    const g = gate();
    const first = bh.run(() => g.promise);
    await expect(bh.run(async () => 1)).rejects.toMatchObject({ code: 'MODULE_OVERLOADED', status: 503 });
    expect(bh.shed).toBe(1);
    g.open();
    await first;
  });

  it('two bulkheads do not share capacity', async () => {
    const a = new Bulkhead('patients', 1, 1);
    const b = new Bulkhead('staff', 1, 1);
    const g = gate();
    const held = [a.run(() => g.promise), a.run(() => g.promise)];
    await expect(a.run(async () => 'x')).rejects.toMatchObject({ code: 'MODULE_OVERLOADED' });

    let ranInB = false;
    const result = await b.run(async () => {
      ranInB = true;
      return 'b';
    });
    expect(result).toBe('b');
    expect(ranInB).toBe(true);
    expect(b.shed).toBe(0);
    expect(a.active).toBe(1);
    expect(a.queued).toBe(1);
    g.open();
    await Promise.all(held);
  });

  it('does not run a queued fn whose signal aborted while it waited', async () => {
    const bh = new Bulkhead('records', 1, 5);
    const g = gate();
    const first = bh.run(() => g.promise);
    const ac = new AbortController();
    let ran = false;
    const queued = bh.run(async () => {
      ran = true;
      return 'ran';
    }, ac.signal);
    const reason = new Error('deadline passed');
    ac.abort(reason);
    g.open();
    await first;
    await expect(queued).rejects.toBe(reason);
    expect(ran).toBe(false);
    // the slot it would have used is free again
    await expect(bh.run(async () => 'next')).resolves.toBe('next');
  });

  it('propagates a fn rejection and frees the slot', async () => {
    const bh = new Bulkhead('records', 1, 0);
    await expect(bh.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(bh.run(async () => 'after')).resolves.toBe('after');
    expect(bh.shed).toBe(0);
  });
});

describe('Bulkhead queue room', () => {
  it('frees the queue slot of a call whose caller gave up', async () => {
    const bh = new Bulkhead('patients', 1, 1);
    let release!: () => void;
    const running = bh.run(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 0)); // p-limit starts the call on a later tick
    const ac = new AbortController();
    let ran = false;
    const queued = bh.run(async () => {
      ran = true;
    }, ac.signal);
    expect(bh.queued).toBe(1);
    ac.abort(new Error('deadline'));
    expect(bh.queued).toBe(0);
    // The next live call gets the room instead of being shed.
    const next = bh.run(async () => 'served');
    release();
    await running;
    await expect(queued).rejects.toThrow('deadline');
    await expect(next).resolves.toBe('served');
    expect(ran).toBe(false);
    expect(bh.shed).toBe(0);
  });
});
