// LocalTransport: the module's own piscina pool of worker threads.
// piscina replaces a worker that exits, runs out of memory or is terminated
// (an aborted running task terminates its thread). We classify each death so
// the supervisor can count restarts by cause.
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { BilikError, KernelErrors } from '../errors.js';
import type { ModuleLimits } from '../types.js';
import type { CallRequest, Task, TaskOutcome, WorkerData } from '../worker/protocol.js';
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

export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  private pool: Piscina | null = null;
  private events!: TransportEvents;
  private respawnTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private ports = new Set<MessagePort>();

  constructor(
    private readonly workerData: WorkerData,
    private readonly limits: ModuleLimits,
  ) {}

  async start(events: TransportEvents): Promise<void> {
    this.events = events;
    this.pool = this.createPool();
  }

  private createPool(): Piscina {
    const pool = new Piscina({
      filename: WORKER_HOST,
      minThreads: this.limits.threads,
      maxThreads: this.limits.threads,
      idleTimeout: 2 ** 31 - 1,
      concurrentTasksPerWorker: 1,
      // The bulkhead in front already bounds the queue; piscina's stays small.
      maxQueue: Math.max(1, this.limits.queue),
      atomics: 'async',
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      workerData: this.workerData,
    });
    pool.on('message', (msg: { bilikCallPort?: MessagePort }) => {
      if (msg?.bilikCallPort) this.adoptCallPort(msg.bilikCallPort);
    });
    // A worker that dies while idle surfaces here rather than on a task.
    pool.on('error', () => {
      if (!this.stopping) this.events.onRestart('error');
    });
    return pool;
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
    const pool = this.pool;
    if (!pool) throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
    try {
      return (await pool.run(task, { signal })) as TaskOutcome;
    } catch (err) {
      const cause = classifyWorkerDeath(err, signal);
      // piscina terminates the thread of a running task whose signal aborts (the
      // only way out of a synchronous loop); the bulkhead keeps tasks from
      // queueing inside piscina, so a timed-out task was a running one.
      if (cause && !this.stopping) this.events.onRestart(cause);
      if (cause === 'timeout') throw new BilikError(KernelErrors.MODULE_TIMEOUT);
      if (cause) throw new BilikError(KernelErrors.MODULE_CRASHED);
      if (pool !== this.pool || this.stopping) throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
      throw err;
    }
  }

  workers(): number {
    return this.pool?.threads.length ?? 0;
  }

  respawnAfter(ms: number): void {
    if (this.stopping || this.respawnTimer) return;
    const old = this.pool;
    this.pool = null;
    void old?.destroy().catch(() => {});
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = null;
      if (!this.stopping) this.pool = this.createPool();
    }, ms);
    this.respawnTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.respawnTimer) clearTimeout(this.respawnTimer);
    const pool = this.pool;
    this.pool = null;
    if (!pool) return;
    // Let running tasks finish (they commit or roll back), then end the threads.
    await Promise.race([pool.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
    await pool.destroy();
    for (const p of this.ports) p.close();
  }
}
