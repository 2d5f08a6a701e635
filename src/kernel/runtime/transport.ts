// How the kernel reaches a module. LocalTransport runs it in a piscina pool in
// this process; an HttpTransport (split mode) reaches the module's own
// service. Breaker, bulkhead and deadline sit above this line, so both get them.
import type { CallReply, CallRequest, Task, TaskOutcome } from '../worker/protocol.js';

export type RestartCause = 'exit' | 'oom' | 'timeout' | 'error';

export interface TransportEvents {
  /** A worker (or the remote service) died and is being replaced. */
  onRestart(cause: RestartCause): void;
  /** A handler inside the module called another module's contract. */
  onCall(req: CallRequest): Promise<CallReply>;
  /** A worker's periodic report: its event-loop utilisation since the last one. */
  onStats?(thread: number, elu: number): void;
  /** A remote service that had stopped answering answers again (HttpTransport's health probe). */
  onRecovered?(): void;
}

export interface Transport {
  readonly kind: 'local' | 'http';
  start(events: TransportEvents): Promise<void>;
  run(task: Task, signal: AbortSignal): Promise<TaskOutcome>;
  /** Live workers (local), or the remote module's workers while it answers (0 when it does not). */
  workers(): number;
  stop(): Promise<void>;
}
