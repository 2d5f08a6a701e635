// LocalTransport: the module's own piscina pool of worker threads.
// piscina replaces a worker that exits, runs out of memory or is terminated
// (an aborted running task terminates its thread). We classify each death so
// the supervisor can count restarts by cause.
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { BilikError, KernelErrors } from '../errors.js';
import type { ModuleLimits } from '../types.js';
import type { CallRequest, Task, TaskOutcome, WorkerData, WorkerHello, WorkerStats } from '../worker/protocol.js';
import type { RestartCause, Transport, TransportEvents } from './transport.js';

const WORKER_HOST = fileURLToPath(new URL('../worker/worker-host.js', import.meta.url));

export class TimeoutAbort extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'TimeoutAbort';
  }
}

export function classifyWorkerDeath(err: unknown, signal: AbortSignal): RestartCause | null {
  if (signal.aborted && signal.reason instanceof TimeoutAbort) return 'timeout';
  const e = err as { code?: string; message?: string; name?: string } | null;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'oom';
  if (typeof e?.message === 'string' && e.message.startsWith('worker exited with code')) return 'exit';
  return null;
}

/** The bulkhead's concurrency spread over the threads: tasks each worker may run at once. */
export function tasksPerWorker(limits: ModuleLimits): number {
  return Math.max(1, Math.ceil(limits.concurrency / limits.threads));
}

/**
 * Which pool a task runs in. Contract calls from other modules get threads of
 * their own: piscina never gives a thread running an abortable task (all of
 * ours: the deadline aborts them) a second task, so a route task waiting on
 * another module's reply holds its thread. Were contract calls served by those
 * same threads, two modules calling each other (the patient page asks records
 * for visit history while the triage list asks patients for names) would each
 * hold every thread while waiting for the other: a deadlock broken only by the
 * deadline. Contracts are leaves (the worker host refuses ctx.call inside one),
 * so the contract pool never waits on anything.
 */
type Lane = 'main' | 'contract';
const laneOf = (task: Task): Lane => (task.type === 'contract' ? 'contract' : 'main');

export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  private pools: Record<Lane, Piscina> | null = null;
  private events!: TransportEvents;
  private stopping = false;
  private ports = new Set<MessagePort>();
  private deaths = 0;
  private attributing = false;
  private causes: RestartCause[] = [];

  constructor(
    private readonly workerData: WorkerData,
    private readonly limits: ModuleLimits,
  ) {}

  async start(events: TransportEvents): Promise<void> {
    this.events = events;
    // The contract pool starts with one thread and grows to `threads` under
    // load: most modules answer few contract calls, and every idle thread costs
    // start-up time and memory.
    this.pools = { main: this.createPool(this.limits.threads), contract: this.createPool(1) };
  }

  private isCurrent(pool: Piscina): boolean {
    return this.pools?.main === pool || this.pools?.contract === pool;
  }

  private createPool(minThreads: number): Piscina {
    const pool = new Piscina({
      filename: WORKER_HOST,
      minThreads: Math.min(minThreads, this.limits.threads),
      maxThreads: this.limits.threads,
      idleTimeout: 2 ** 31 - 1,
      // SQLite is synchronous: one task per thread. On Postgres, a module given
      // more concurrency than threads runs several I/O-bound tasks per thread.
      concurrentTasksPerWorker: this.workerData.db.kind === 'postgres' ? tasksPerWorker(this.limits) : 1,
      // The bulkhead in front already bounds the queue; piscina's stays small.
      maxQueue: Math.max(1, this.limits.queue),
      atomics: 'async',
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      workerData: this.workerData,
    });
    pool.on('message', (msg: Partial<WorkerHello & WorkerStats> | null) => {
      if (msg?.bilikCallPort) this.adoptCallPort(msg.bilikCallPort);
      else if (msg?.bilikStats && this.isCurrent(pool)) this.events.onStats?.(msg.bilikStats.thread, msg.bilikStats.elu);
    });
    // Restarts are counted from piscina's own word that a thread is gone, never
    // from task errors alone: a task that times out while still queued (behind a
    // thread being replaced) kills no worker. The cause is read from the task
    // errors seen in the same turn of the event loop; a death with no task
    // error (a worker failing while idle) counts as 'error'.
    pool.on('workerDestroy', () => {
      if (this.stopping || !this.isCurrent(pool)) return;
      this.deaths++;
      if (!this.attributing) {
        this.attributing = true;
        setImmediate(() => this.attribute());
      }
    });
    // Idle-worker failures surface here; the workerDestroy above counts them.
    pool.on('error', () => {});
    return pool;
  }

  private attribute(): void {
    this.attributing = false;
    // Most specific first: a thread that ran out of memory or exited explains a
    // death better than a timeout seen at the same moment.
    const rank: Record<RestartCause, number> = { oom: 0, exit: 1, timeout: 2, error: 3 };
    const causes = this.causes.sort((a, b) => rank[a] - rank[b]);
    this.causes = [];
    for (; this.deaths > 0; this.deaths--) this.events.onRestart(causes.shift() ?? 'error');
  }

  private adoptCallPort(port: MessagePort): void {
    this.ports.add(port);
    port.on('message', (req: CallRequest) => {
      this.events.onCall(req).then(
        (reply) => port.postMessage(reply),
        () => port.postMessage({ id: req.id, ok: false, error: { ...KernelErrors.INTERNAL } }),
      );
    });
    port.on('close', () => this.ports.delete(port));
    port.unref();
  }

  async run(task: Task, signal: AbortSignal): Promise<TaskOutcome> {
    const pool = this.pools?.[laneOf(task)];
    if (!pool) throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
    try {
      return (await pool.run(task, { signal })) as TaskOutcome;
    } catch (err) {
      const cause = classifyWorkerDeath(err, signal);
      // piscina terminates the thread of a running task whose signal aborts (the
      // only way out of a synchronous loop); whether a thread really died is
      // counted from its workerDestroy event (see createPool).
      if (cause && !this.stopping) this.causes.push(cause);
      if (cause === 'timeout') throw new BilikError(KernelErrors.MODULE_TIMEOUT);
      if (cause) throw new BilikError(KernelErrors.MODULE_CRASHED);
      if (!this.isCurrent(pool) || this.stopping) throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
      throw err;
    }
  }

  /** Live threads serving requests (the contract pool's are counted apart: it mirrors them). */
  workers(): number {
    return this.pools?.main.threads.length ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const pools = this.pools;
    this.pools = null;
    if (!pools) return;
    // Let running tasks finish (they commit or roll back), then end the threads.
    const all = [pools.main, pools.contract];
    await Promise.race([Promise.all(all.map((p) => p.close())), new Promise((r) => setTimeout(r, 5000).unref())]);
    await Promise.all(all.map((p) => p.destroy()));
    for (const p of this.ports) p.close();
  }
}
