// The wire between the kernel and a module's workers (and, later, a module's
// own service over HTTP). Plain data only.
import type { MessagePort } from 'node:worker_threads';
import type { ErrorData } from '../errors.js';
import type { Locale } from '../i18n/catalog.js';
import type { ModuleSettings, NavItem, RequestInput, ResultEffects, RouteKind, UserContext } from '../types.js';

export type FaultKind = 'throw' | 'exit' | 'hang' | 'oom' | 'slow';

export interface Fault {
  kind: FaultKind;
  ms?: number;
}

interface TaskBase {
  requestId: string;
  /** The caller's language and the clinic's zone (defaults for contract and admin tasks). */
  locale?: Locale;
  timeZone?: string;
  user: UserContext | null;
  deadline: number;
  fault?: Fault;
}

export interface RouteTask extends TaskBase {
  type: 'route';
  handler: string;
  route: { kind: RouteKind; method: string; view?: string; formView?: string; title?: string; path: string };
  input: RequestInput;
  /** Layout data: the kernel decides navigation by role and owns the CSRF token. */
  shell: { nav: NavItem[]; csrf: string; activePath: string };
}

export interface ContractTask extends TaskBase {
  type: 'contract';
  fn: string;
  args: unknown;
  caller: string;
}

export interface AdminTask extends TaskBase {
  type: 'migrate' | 'start';
}

export type Task = RouteTask | ContractTask | AdminTask;

export interface HttpPayload {
  status: number;
  contentType: 'text/html' | 'application/json';
  body: string;
  redirect?: string;
  effects?: ResultEffects;
  retryAfterSec?: number;
}

export interface TaskMetrics {
  durationMs: number;
  db: Array<{ op: string; ms: number }>;
  /** Postgres only: this worker's pool after the task. */
  pool?: { thread: number; total: number; idle: number; waiting: number };
}

export type TaskOutcome =
  | { ok: true; http?: HttpPayload; value?: unknown; metrics: TaskMetrics }
  | { ok: false; error: ErrorData; http?: HttpPayload; metrics: TaskMetrics };

/** Worker → kernel: a contract call made by a handler. */
export interface CallRequest {
  id: number;
  module: string;
  fn: string;
  args: unknown;
  requestId: string;
  user: UserContext | null;
  deadline: number;
}

export interface CallReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: ErrorData;
}

export type DbConfig =
  | { kind: 'sqlite'; file: string; synchronous: 'NORMAL' | 'FULL' }
  | { kind: 'postgres'; url: string; schema: string; poolMax: number; waitMs: number; statementTimeoutMs: number };

export interface WorkerData {
  module: string;
  workerFile: string;
  viewsDir: string;
  db: DbConfig;
  logLevel: string;
  settings: ModuleSettings;
  calls: string[];
  /** Clinic defaults: BILIK_LOCALE and BILIK_TIMEZONE. */
  locale: Locale;
  timeZone: string;
}

/**
 * Worker → kernel, every few seconds on parentPort: the thread's event-loop
 * utilisation (0..1) since its previous report, from performance.eventLoopUtilization().
 */
export interface WorkerStats {
  bilikStats: { thread: number; elu: number };
}

/** First message a worker sends on its parentPort: its private call channel. */
export interface WorkerHello {
  bilikCallPort: MessagePort;
}
