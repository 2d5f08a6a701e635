// Per-module bulkhead: at most `concurrency` calls run, at most `queue` wait.
// A call that finds the queue full is shed at once; it never waits and never
// borrows capacity from another module's bulkhead.
import pLimit, { type LimitFunction } from 'p-limit';
import { BilikError, KernelErrors } from '../errors.js';

export class Bulkhead {
  private readonly limit: LimitFunction;
  shed = 0;
  /** Queued calls whose caller gave up: they leave without running and must not hold queue room. */
  private abandoned = 0;

  constructor(
    readonly module: string,
    concurrency: number,
    readonly maxQueue: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  get active(): number {
    return this.limit.activeCount;
  }

  get queued(): number {
    return this.limit.pendingCount - this.abandoned;
  }

  /** `signal` lets a call that timed out while queued leave without running. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Counted as a whole: p-limit starts queued calls on a later tick, so
    // active/pending alone would let a same-tick burst past the bound.
    if (this.limit.activeCount + this.queued >= this.limit.concurrency + this.maxQueue) {
      this.shed++;
      return Promise.reject(new BilikError(KernelErrors.MODULE_OVERLOADED, { retryAfterSec: 1 }));
    }
    let started = false;
    let gaveUp = false;
    const onAbort = () => {
      if (!started) {
        gaveUp = true;
        this.abandoned++;
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    return this.limit(() => {
      started = true;
      signal?.removeEventListener('abort', onAbort);
      if (gaveUp) {
        this.abandoned--;
        throw signal!.reason;
      }
      if (signal?.aborted) throw signal.reason;
      return fn();
    });
  }
}
