// How the kernel reaches a module. LocalTransport runs it in a piscina pool in
// this process; an HttpTransport (split mode) will reach the module's own
// service. Breaker, bulkhead and deadline sit above this line, so both get them.
import type { CallReply, CallRequest, Task, TaskOutcome } from '../worker/protocol.js';

export type RestartCause = 'exit' | 'oom' | 'timeout' | 'error';

export interface TransportEvents {
  /** A worker (or the remote service) died and is being replaced. */
  onRestart(cause: RestartCause): void;
  /** A handler inside the module called another module's contract. */
  onCall(req: CallRequest): Promise<CallReply>;
}

export interface Transport {
  readonly kind: 'local' | 'http';
  start(events: TransportEvents): Promise<void>;
  run(task: Task, signal: AbortSignal): Promise<TaskOutcome>;
  /** Live workers (local) or 1/0 for a reachable remote. */
  workers(): number;
  stop(): Promise<void>;
}
