// The piscina entry for every module pool. It runs inside a worker thread:
// opens the module's own database, loads the module's worker file by path,
// and turns tasks into rendered HTML or JSON. The main thread only moves bytes.
import { MessageChannel, parentPort } from 'node:worker_threads';
import { workerData as rawWorkerData } from 'piscina';
import { pathToFileURL } from 'node:url';
import { Eta } from 'eta';
import { pino, type Logger } from 'pino';
import { BilikError, KernelErrors, type ErrorData } from '../errors.js';
import type { HandlerContext, HandlerResult, UserContext, WorkerDefinition } from '../types.js';
import { databaseError } from '../db/errors.js';
import { mergeCatalogs, translateMaybe, translator, type Catalogs } from '../i18n/catalog.js';
import { formatters } from '../i18n/format.js';
import { localizeError } from '../i18n/localize.js';
import { kernelMessages } from '../i18n/messages.js';
import { openModuleDb, queryTimings, type ModuleDb, type Timing } from '../db/open.js';
import { threadId } from 'node:worker_threads';
import { runMigrations } from '../db/migrate.js';
import { injectFault } from './faults.js';
import type { CallReply, CallRequest, ContractTask, HttpPayload, RouteTask, Task, TaskMetrics, TaskOutcome, WorkerData, WorkerStats } from './protocol.js';

const wd = rawWorkerData as WorkerData;

interface HostState {
  def: WorkerDefinition;
  catalogs: Catalogs;
  mdb: ModuleDb;
  eta: Eta;
  log: Logger;
  callPort: MessagePort;
}

type MessagePort = import('node:worker_threads').MessagePort;

const ELU_REPORT_MS = 2000;

let statePromise!: Promise<HostState>;
let nextCallId = 1;
const pendingCalls = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();

async function init(): Promise<HostState> {
  const log = pino({ level: wd.logLevel, base: { module: wd.module, thread: 'worker' } }, pino.destination({ dest: 1, sync: true }));
  const mod = (await import(pathToFileURL(wd.workerFile).href)) as { default: WorkerDefinition };
  const mdb = openModuleDb(wd.db, wd.module);
  const eta = new Eta({ views: wd.viewsDir, cache: true, autoEscape: true, autoTrim: false });
  // A private channel to the kernel for contract calls. piscina forwards any
  // non-protocol message a worker posts on parentPort as the pool's 'message' event.
  const channel = new MessageChannel();
  channel.port1.on('message', (reply: CallReply) => {
    const pending = pendingCalls.get(reply.id);
    if (!pending) return;
    pendingCalls.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(BilikError.fromData(reply.error as ErrorData));
  });
  channel.port1.unref();
  parentPort!.postMessage({ bilikCallPort: channel.port2 }, [channel.port2]);
  return { def: mod.default, catalogs: mergeCatalogs(kernelMessages, mod.default.messages), mdb, eta, log, callPort: channel.port1 };
}

function makeContext(state: HostState, task: Task, user: UserContext | null): HandlerContext {
  const locale = task.locale ?? wd.locale;
  const timeZone = task.timeZone ?? wd.timeZone;
  return {
    locale,
    timeZone,
    t: translator(state.catalogs[locale]),
    fmt: formatters(locale, timeZone),
    module: wd.module,
    db: state.mdb.db,
    user,
    requestId: task.requestId,
    log: state.log.child({ requestId: task.requestId }),
    deadline: task.deadline,
    settings: wd.settings,
    call: <T>(module: string, fn: string, args?: unknown) => {
      // Contracts are leaves: a contract that called out could close a cycle
      // of modules waiting on each other (see ModuleRuntime.contractBulkhead).
      if (task.type === 'contract') {
        return Promise.reject(new BilikError(KernelErrors.CONTRACT_NOT_DECLARED, { message: `${wd.module}: a contract function may not call other modules` }));
      }
      if (!wd.calls.includes(module)) {
        return Promise.reject(new BilikError(KernelErrors.CONTRACT_NOT_DECLARED, { message: `${wd.module} does not declare calls to ${module}` }));
      }
      const id = nextCallId++;
      const req: CallRequest = { id, module, fn, args: args ?? null, requestId: task.requestId, user, deadline: task.deadline };
      return new Promise<T>((resolve, reject) => {
        pendingCalls.set(id, { resolve: resolve as (v: unknown) => void, reject });
        state.callPort.ref();
        state.callPort.postMessage(req);
      }).finally(() => {
        if (pendingCalls.size === 0) state.callPort.unref();
      });
    },
  };
}

function renderPage(state: HostState, task: RouteTask, ctx: HandlerContext, view: string, data: unknown, title: string | undefined, status: number): HttpPayload {
  const i18n = { t: ctx.t, fmt: ctx.fmt, locale: ctx.locale };
  const it = { ...(data as object), ...i18n, user: task.user, csrf: task.shell.csrf, requestId: task.requestId };
  const content = state.eta.render(view, it);
  // htmx form posts swap the form in place; full pages only for plain navigation.
  const partial = task.route.kind === 'fragment' || (task.input.htmx && task.route.method !== 'GET');
  if (partial) return { status, contentType: 'text/html', body: content };
  const messages = state.catalogs[ctx.locale];
  const body = state.eta.render('layout/layout', {
    ...i18n,
    title: translateMaybe(messages, title ?? task.route.title ?? 'app.name'),
    content,
    user: task.user,
    nav: task.shell.nav.map((n) => ({ ...n, label: translateMaybe(messages, n.label) })),
    activePath: task.shell.activePath,
    csrf: task.shell.csrf,
    requestId: task.requestId,
  });
  return { status, contentType: 'text/html', body };
}

function toHttp(state: HostState, task: RouteTask, ctx: HandlerContext, result: HandlerResult): HttpPayload {
  const status = result.status ?? 200;
  if (task.route.kind === 'api') {
    const payload: HttpPayload = { status, contentType: 'application/json', body: JSON.stringify(result.data ?? null) };
    if (result.effects) payload.effects = result.effects;
    return payload;
  }
  let payload: HttpPayload;
  if (result.redirect) {
    payload = { status: 303, contentType: 'text/html', body: '', redirect: result.redirect };
  } else {
    const view = result.view ?? task.route.view;
    if (!view) throw new Error(`route ${task.route.path} has no view`);
    payload = renderPage(state, task, ctx, view, result.data ?? {}, result.title, status);
  }
  if (result.effects) payload.effects = result.effects;
  return payload;
}

async function runRoute(state: HostState, task: RouteTask, ctx: HandlerContext): Promise<TaskOutcome> {
  const handler = state.def.handlers[task.handler];
  if (!handler) throw new Error(`unknown handler ${task.handler}`);
  try {
    const result = await handler(task.input, ctx);
    return { ok: true, http: toHttp(state, task, ctx, result), metrics: emptyMetrics() };
  } catch (err) {
    if (err instanceof BilikError && err.fields && task.route.formView && task.route.kind !== 'api') {
      // A form with field errors re-renders itself, values kept, errors inline.
      const shown = localizeError(err.toData(), state.catalogs[ctx.locale]);
      const http = renderPage(state, task, ctx, task.route.formView, { values: task.input.body ?? {}, errors: shown.fields, params: task.input.params, formError: shown.message }, task.route.title, err.status);
      if (err.retryAfterSec !== undefined) http.retryAfterSec = err.retryAfterSec;
      return { ok: false, error: err.toData(), http, metrics: emptyMetrics() };
    }
    throw err;
  }
}

async function runContract(state: HostState, task: ContractTask, ctx: HandlerContext): Promise<TaskOutcome> {
  const fn = state.def.contract[task.fn];
  if (!fn) throw new BilikError(KernelErrors.CONTRACT_NOT_DECLARED, { message: `${wd.module}.${task.fn} is not in the contract` });
  const value = await fn(task.args, ctx);
  return { ok: true, value, metrics: emptyMetrics() };
}

function emptyMetrics(): TaskMetrics {
  return { durationMs: 0, db: [] };
}

/** Unknown errors are logged by type and origin only: no stack, no data that may be a patient's. */
function describeUnknown(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const frame = err.stack?.split('\n').find((l) => l.includes('/src/') || l.includes('file://'))?.trim();
    return { errType: err.name, errCode: (err as { code?: unknown }).code, at: frame };
  }
  return { errType: typeof err };
}

export default async function runTask(task: Task): Promise<TaskOutcome> {
  const state = await statePromise;
  const started = performance.now();
  const timings: Timing[] = [];
  const outcome = await queryTimings.run(timings, () => execute(state, task));
  outcome.metrics = { durationMs: performance.now() - started, db: timings };
  const pool = state.mdb.pool?.();
  if (pool) outcome.metrics.pool = { thread: threadId, ...pool };
  return outcome;
}

async function execute(state: HostState, task: Task): Promise<TaskOutcome> {
  const ctx = makeContext(state, task, task.user);
  let outcome: TaskOutcome;
  try {
    if (task.fault) await injectFault(task.fault);
    switch (task.type) {
      case 'route':
        outcome = await runRoute(state, task, ctx);
        break;
      case 'contract':
        outcome = await runContract(state, task, ctx);
        break;
      case 'migrate':
        await runMigrations(state.mdb, state.def.migrations, wd.module);
        outcome = { ok: true, metrics: emptyMetrics() };
        break;
      case 'start': {
        const report = (await state.def.onStart?.(ctx)) ?? {};
        outcome = { ok: true, value: report, metrics: emptyMetrics() };
        break;
      }
    }
  } catch (caught) {
    const err = databaseError(caught) ?? caught;
    if (err instanceof BilikError) {
      outcome = { ok: false, error: err.toData(), metrics: emptyMetrics() };
    } else {
      ctx.log.error({ ...describeUnknown(err), task: task.type === 'route' ? task.handler : task.type }, 'handler failed');
      outcome = { ok: false, error: { ...KernelErrors.INTERNAL }, metrics: emptyMetrics() };
    }
  }
  return outcome;
}

// Initialised at module load (top-level await): piscina marks a worker ready
// only after this file has loaded, so no task ever runs, and no deadline ever
// terminates a thread, while it is still importing the module's code. (Node
// aborts the whole process when a worker is terminated mid-import.)
statePromise = init();
await statePromise;
reportEventLoop();

/**
 * The thread's event-loop utilisation, measured here (only the worker sees its
 * own loop) and posted on an unref'd interval, so idle workers read ~0 and a
 * busy one ~1. A thread stuck in a synchronous loop stops reporting; the
 * kernel drops its figure and the deadline replaces the thread.
 */
function reportEventLoop(): void {
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const msg: WorkerStats = { bilikStats: { thread: threadId, elu: performance.eventLoopUtilization(now, last).utilization } };
    last = now;
    parentPort!.postMessage(msg);
  }, ELU_REPORT_MS);
  timer.unref();
}
