// One module's compartment in the kernel: breaker → bulkhead → transport, with
// the supervisor's restart accounting and the chaos switch. Every call to the
// module — HTTP route or another module's contract call — passes through here.
import type { Logger } from 'pino';
import { BilikError, KernelErrors } from '../errors.js';
import { breakerValue, type Metrics } from '../metrics.js';
import type { ModuleLimits } from '../types.js';
import type { Fault, Task, TaskOutcome } from '../worker/protocol.js';
import { CircuitBreaker, type BreakerState, type Permit } from './breaker.js';
import { Bulkhead } from './bulkhead.js';
import { TimeoutAbort } from './local-transport.js';
import { RestartIntensity } from './restart-intensity.js';
import type { RestartCause, Transport, TransportEvents } from './transport.js';

export type ModuleHealth = 'up' | 'degraded' | 'down';

export interface ModuleStatus {
  state: ModuleHealth;
  breaker: BreakerState;
  transport: 'local' | 'http';
  workers: number;
  restarts: Record<RestartCause, number>;
  active: number;
  queued: number;
  shed: number;
}

const BREAKER_EDGES: Array<[BreakerState, BreakerState]> = [
  ['closed', 'open'],
  ['open', 'half_open'],
  ['half_open', 'closed'],
  ['half_open', 'open'],
];

type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
export type TaskRequest = DistributiveOmit<Task, 'deadline' | 'fault'>;

export class ModuleRuntime {
  readonly breaker: CircuitBreaker;
  readonly bulkhead: Bulkhead;
  /**
   * Contract calls from other modules get their own lane (and, in the local
   * transport, their own threads), as wide as the route lane: a route task
   * waiting on another module's contract keeps its slot, so contract calls
   * queued behind those slots could deadlock two modules calling each other
   * (see local-transport.ts). Contracts are leaves, so this lane never waits.
   */
  readonly contractBulkhead: Bulkhead;
  private readonly intensity: RestartIntensity;
  private readonly restarts: Record<RestartCause, number> = { exit: 0, oom: 0, timeout: 0, error: 0 };
  private fault: { fault: Fault; remaining: number | null } | null = null;
  private lastRestartAt = 0;

  constructor(
    readonly name: string,
    readonly limits: ModuleLimits,
    private readonly transport: Transport,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.breaker = new CircuitBreaker(
      {
        window: limits.breakerWindow,
        minCalls: limits.breakerMinCalls,
        failureRate: limits.breakerFailureRate,
        slowCallMs: limits.slowCallMs,
        openMs: limits.breakerOpenMs,
        maxOpenMs: limits.breakerMaxOpenMs,
        probes: limits.breakerProbes,
      },
      (t) => {
        this.log.warn({ module: name, from: t.from, to: t.to, reason: t.reason }, 'breaker transition');
        metrics.breakerTransitions.inc({ module: name, from: t.from, to: t.to });
        metrics.breakerState.set({ module: name }, breakerValue(t.to));
      },
    );
    this.bulkhead = new Bulkhead(name, limits.concurrency, limits.queue);
    this.contractBulkhead = new Bulkhead(name, limits.concurrency, limits.queue);
    this.intensity = new RestartIntensity(limits.maxRestarts, limits.restartWindowMs);
    metrics.breakerState.set({ module: name }, 0);
    // Every series that counts rare events starts at 0, so rate()/increase()
    // and the alerts see a value from the first scrape, not only after a fault.
    const m = { module: name };
    for (const cause of Object.keys(this.restarts) as RestartCause[]) metrics.workerRestarts.inc({ ...m, cause }, 0);
    for (const [from, to] of BREAKER_EDGES) metrics.breakerTransitions.inc({ ...m, from, to }, 0);
    metrics.bulkheadShed.inc(m, 0);
    metrics.breakerRejected.inc(m, 0);
    metrics.bulkheadActive.set(m, 0);
    metrics.bulkheadQueued.set(m, 0);
    metrics.workerElu.set(m, 0);
  }

  async start(onCall: TransportEvents['onCall']): Promise<void> {
    await this.transport.start({ onRestart: (cause) => this.onRestart(cause), onCall, onStats: (thread, elu) => this.observeElu(thread, elu), onRecovered: () => this.breaker.halfOpenNow() });
  }

  private onRestart(cause: RestartCause): void {
    this.restarts[cause]++;
    this.lastRestartAt = Date.now();
    this.metrics.workerRestarts.inc({ module: this.name, cause });
    this.log.warn({ module: this.name, cause }, 'worker replaced');
    const backoff = this.intensity.record();
    if (backoff > 0) {
      // No traffic reaches the flapping module until the backoff has passed, so
      // its threads stop dying; piscina keeps the replacements idle meanwhile.
      // (The pool is not torn down: terminating threads that are still loading
      // their code aborts the whole Node process.)
      this.log.error({ module: this.name, backoffMs: backoff }, 'restart storm: breaker opened, backing off');
      this.breaker.forceOpen(`restart intensity exceeded (${cause})`, backoff);
    }
  }

  setFault(fault: Fault | null, times?: number): void {
    this.fault = fault ? { fault, remaining: times ?? null } : null;
  }

  private takeFault(): Fault | undefined {
    const f = this.fault;
    if (!f) return undefined;
    if (f.remaining !== null) {
      f.remaining--;
      if (f.remaining <= 0) this.fault = null;
    }
    return f.fault;
  }

  /**
   * Runs a task with the module's deadline. `deadline` may only shorten it (a
   * caller's own deadline); `timeoutMs` replaces the module's (start-up work).
   */
  async dispatch(req: TaskRequest, deadline?: number, timeoutMs = this.limits.timeoutMs): Promise<TaskOutcome> {
    const permit = this.breaker.tryAcquire();
    if (!permit.ok) {
      this.metrics.breakerRejected.inc({ module: this.name });
      this.metrics.moduleErrors.inc({ module: this.name, code: KernelErrors.MODULE_UNAVAILABLE.code });
      throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: Math.max(1, Math.ceil(permit.retryAfterMs / 1000)) });
    }
    const own = Date.now() + timeoutMs;
    const until = Math.min(own, deadline ?? own);
    const task = { ...req, deadline: until, fault: this.takeFault() } as Task;
    if (!task.fault) delete task.fault;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new TimeoutAbort()), Math.max(0, until - Date.now()));
    const started = performance.now();
    const kind = req.type;
    try {
      const lane = req.type === 'contract' ? this.contractBulkhead : this.bulkhead;
      const running = lane.run(() => this.transport.run(task, ac.signal), ac.signal);
      this.updateGauges();
      const outcome = await raceAbort(running, ac.signal);
      const ms = performance.now() - started;
      this.breaker.record(permit, !outcome.ok && outcome.error.status >= 500, ms);
      this.observe(task, outcome, ms, outcome.ok ? 'ok' : outcome.error.status >= 500 ? 'error' : 'rejected');
      if (!outcome.ok) this.metrics.moduleErrors.inc({ module: this.name, code: outcome.error.code });
      return outcome;
    } catch (err) {
      const ms = performance.now() - started;
      const e = toBilikError(err);
      if (e.code === KernelErrors.MODULE_OVERLOADED.code) {
        this.metrics.bulkheadShed.inc({ module: this.name });
        this.breaker.release(permit); // shedding is load, not failure
      } else {
        this.breaker.record(permit, true, ms);
      }
      this.metrics.callDuration.observe({ module: this.name, kind, outcome: e.code.toLowerCase() }, ms / 1000);
      this.metrics.moduleErrors.inc({ module: this.name, code: e.code });
      throw e;
    } finally {
      clearTimeout(timer);
      this.updateGauges();
    }
  }

  private observe(task: Task, outcome: TaskOutcome, ms: number, result: string): void {
    const m = this.metrics;
    m.callDuration.observe({ module: this.name, kind: task.type, outcome: result }, ms / 1000);
    const label = task.type === 'route' ? task.handler : task.type === 'contract' ? `contract:${task.fn}` : task.type;
    m.taskDuration.observe({ module: this.name, task: label }, outcome.metrics.durationMs / 1000);
    for (const q of outcome.metrics.db) m.dbDuration.observe({ module: this.name, operation: q.op }, q.ms / 1000);
    if (outcome.metrics.pool) this.observePool(outcome.metrics.pool);
  }

  /** Each worker reports its own pool; the module's figure is the sum over live reports. */
  private pools = new Map<number, { at: number; total: number; idle: number; waiting: number }>();
  private observePool(p: { thread: number; total: number; idle: number; waiting: number }): void {
    const now = Date.now();
    this.pools.set(p.thread, { at: now, ...p });
    let inUse = 0;
    let idle = 0;
    let waiting = 0;
    for (const [thread, s] of this.pools) {
      if (now - s.at > 60_000) {
        this.pools.delete(thread); // a replaced worker stops reporting
        continue;
      }
      inUse += s.total - s.idle;
      idle += s.idle;
      waiting += s.waiting;
    }
    this.metrics.dbPool.set({ module: this.name, state: 'in_use' }, inUse);
    this.metrics.dbPool.set({ module: this.name, state: 'idle' }, idle);
    this.metrics.dbPool.set({ module: this.name, state: 'waiting' }, waiting);
  }

  /**
   * Each worker reports its own event-loop utilisation every few seconds; the
   * module's figure is the mean over threads heard from recently (a replaced or
   * hung thread stops reporting and drops out).
   */
  private elu = new Map<number, { at: number; elu: number }>();
  private observeElu(thread: number, elu: number): void {
    const now = Date.now();
    this.elu.set(thread, { at: now, elu });
    let sum = 0;
    for (const [t, s] of this.elu) {
      if (now - s.at > 10_000) this.elu.delete(t);
      else sum += s.elu;
    }
    this.metrics.workerElu.set({ module: this.name }, this.elu.size ? sum / this.elu.size : 0);
  }

  private updateGauges(): void {
    this.metrics.bulkheadActive.set({ module: this.name }, this.bulkhead.active + this.contractBulkhead.active);
    this.metrics.bulkheadQueued.set({ module: this.name }, this.bulkhead.queued + this.contractBulkhead.queued);
  }

  status(): ModuleStatus {
    const breaker = this.breaker.state;
    const workers = this.transport.workers();
    this.metrics.workers.set({ module: this.name }, workers);
    let state: ModuleHealth = 'up';
    if (breaker === 'open' || workers === 0) state = 'down';
    else if (breaker === 'half_open' || Date.now() - this.lastRestartAt < 30_000 || this.bulkhead.queued > 0) state = 'degraded';
    return {
      state,
      breaker,
      transport: this.transport.kind,
      workers,
      restarts: { ...this.restarts },
      active: this.bulkhead.active,
      queued: this.bulkhead.queued,
      shed: this.bulkhead.shed,
    };
  }

  stop(): Promise<void> {
    return this.transport.stop();
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function toBilikError(err: unknown): BilikError {
  if (err instanceof BilikError) return err;
  if (err instanceof TimeoutAbort) return new BilikError(KernelErrors.MODULE_TIMEOUT);
  return new BilikError(KernelErrors.MODULE_CRASHED);
}

export type { Permit };
