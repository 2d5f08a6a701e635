// HttpTransport (split mode): the module runs in its own service, reached over
// HTTP at REMOTE_<MODULE>_URL. It sits under the same breaker, bulkhead and
// deadline as a local pool (ModuleRuntime is unchanged), signs every request
// with the internal secret, sends the deadline for the callee to enforce, and
// turns every way the network can fail into the outcomes a local pool gives:
// MODULE_UNAVAILABLE when the service cannot be reached, MODULE_TIMEOUT when
// the deadline passes. A health probe keeps /ready honest and tells the
// runtime the moment a lost service answers again.
import type { Logger } from 'pino';
import { BilikError, KernelErrors, type ErrorData } from '../errors.js';
import type { Task, TaskOutcome } from '../worker/protocol.js';
import { signRequest } from './internal-auth.js';
import type { Transport, TransportEvents } from './transport.js';

export interface HttpTransportOptions {
  module: string;
  /** REMOTE_<MODULE>_URL, without a trailing slash. */
  baseUrl: string;
  secret: string;
  log: Logger;
  /** How often the service's health is checked (ms). */
  probeMs?: number;
}

/** The callee's own refusals that mean the same as in a local runtime (shed, open breaker, timeout, crash). */
const PASS_THROUGH = new Set([
  KernelErrors.MODULE_UNAVAILABLE.code,
  KernelErrors.MODULE_OVERLOADED.code,
  KernelErrors.MODULE_TIMEOUT.code,
  KernelErrors.MODULE_CRASHED.code,
]);

export const internalPath = (module: string, what: 'task' | 'status') => `/_internal/v1/${encodeURIComponent(module)}/${what}`;

export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  private events: TransportEvents | null = null;
  private reachable = false;
  private remoteWorkers = 0;
  private probing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastComplaint = '';

  constructor(private readonly o: HttpTransportOptions) {}

  async start(events: TransportEvents): Promise<void> {
    this.events = events;
    // The service may start after us (or be down): that is a state, not a start failure.
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.o.probeMs ?? 2000);
    this.timer.unref();
  }

  async run(task: Task, signal: AbortSignal): Promise<TaskOutcome> {
    // The user travels signed in a header, the deadline too; a chaos fault set on
    // this side is not forwarded (the service has its own /_chaos).
    const { user, deadline, fault: _fault, ...rest } = task;
    const body = JSON.stringify(rest);
    const path = internalPath(this.o.module, 'task');
    // The request id too, so the service's request log lines up with the gateway's.
    const headers = { ...signRequest(this.o.secret, { method: 'POST', path, body, user, deadline }), 'content-type': 'application/json', 'x-request-id': task.requestId };
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, { method: 'POST', headers, body, signal });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (signal.aborted) throw signal.reason; // the deadline: the runtime answers MODULE_TIMEOUT
      this.setReachable(false);
      this.complain(`unreachable (${(err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.name})`);
      throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
    }
    this.setReachable(true);
    const parsed = parseJson(text);
    if (status === 200 && isOutcome(parsed)) {
      // The service exports its own database timings; counting them here too would double them.
      parsed.metrics = { durationMs: Number(parsed.metrics?.durationMs) || 0, db: [] };
      return parsed;
    }
    const error = (parsed as { error?: ErrorData } | null)?.error;
    if (error && PASS_THROUGH.has(error.code)) throw BilikError.fromData(error);
    // 401 (secrets differ), 404 (module not hosted there), a proxy's 502...: an operator problem.
    this.complain(`answered HTTP ${status}${error?.code ? ` ${error.code}` : ''}`);
    throw new BilikError(KernelErrors.MODULE_UNAVAILABLE, { retryAfterSec: 2 });
  }

  /** Workers of the remote module while it answers and is not down itself; 0 otherwise (so /ready says down). */
  workers(): number {
    return this.reachable ? this.remoteWorkers : 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private probe(): Promise<void> {
    this.probing ??= this.checkHealth().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async checkHealth(): Promise<void> {
    if (this.stopped) return;
    const path = internalPath(this.o.module, 'status');
    const timeout = 1500;
    try {
      const headers = signRequest(this.o.secret, { method: 'GET', path, body: '', user: null, deadline: Date.now() + timeout });
      const res = await fetch(`${this.o.baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeout) });
      const body = parseJson(await res.text()) as { status?: { state?: string; workers?: number } } | null;
      if (res.status !== 200 || !body?.status) {
        this.remoteWorkers = 0;
        this.complain(`health check answered HTTP ${res.status}`);
        this.setReachable(false);
        return;
      }
      this.remoteWorkers = body.status.state === 'down' ? 0 : Number(body.status.workers) || 0;
      this.setReachable(true, true);
    } catch {
      this.setReachable(false);
    }
  }

  private setReachable(up: boolean, fromProbe = false): void {
    if (up === this.reachable) return;
    this.reachable = up;
    this.o.log[up ? 'info' : 'warn']({ module: this.o.module, remote: this.o.baseUrl }, up ? 'remote module reachable' : 'remote module unreachable');
    if (up) {
      this.lastComplaint = '';
      // A call got through before the probe ran: fetch the worker count now.
      if (!fromProbe) void this.probe();
      // The service is back: the breaker need not sit out its (doubled) wait.
      else this.events?.onRecovered?.();
    }
  }

  /** Logs a configuration or network problem once per kind, not once per request. */
  private complain(what: string): void {
    if (what === this.lastComplaint) return;
    this.lastComplaint = what;
    this.o.log.error({ module: this.o.module, remote: this.o.baseUrl, problem: what }, 'remote module call failed');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isOutcome(v: unknown): v is TaskOutcome {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}
