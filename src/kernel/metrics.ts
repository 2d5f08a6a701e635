// The one Prometheus registry, in the main thread, so counters survive worker
// restarts. Workers send per-task figures back with each result. Label values
// are bounded: module names, route templates, verbs, status classes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'bilik_http_requests_total',
      help: 'HTTP requests by module, route template, method and status class',
      labelNames: ['module', 'route', 'method', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'bilik_http_request_duration_seconds',
      help: 'HTTP request latency by module, route template, method and status class',
      labelNames: ['module', 'route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    taskDuration: new Histogram({
      name: 'bilik_task_duration_seconds',
      help: 'Time a task spent inside the module worker, measured in the worker',
      labelNames: ['module', 'task'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    callDuration: new Histogram({
      name: 'bilik_module_call_duration_seconds',
      help: 'Time a call to a module took as seen by the kernel (breaker, bulkhead, transport)',
      labelNames: ['module', 'kind', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    dbDuration: new Histogram({
      name: 'bilik_db_query_duration_seconds',
      help: 'Database query latency per module and operation, measured in the worker',
      labelNames: ['module', 'operation'] as const,
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'bilik_breaker_state',
      help: 'Circuit breaker state per module: 0 closed, 1 half-open, 2 open',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    breakerTransitions: new Counter({
      name: 'bilik_breaker_transitions_total',
      help: 'Circuit breaker transitions per module',
      labelNames: ['module', 'from', 'to'] as const,
      registers: [registry],
    }),
    bulkheadActive: new Gauge({
      name: 'bilik_bulkhead_active',
      help: 'Calls running inside the module bulkhead',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    bulkheadQueued: new Gauge({
      name: 'bilik_bulkhead_queued',
      help: 'Calls waiting in the module bulkhead queue',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    bulkheadShed: new Counter({
      name: 'bilik_bulkhead_shed_total',
      help: 'Calls shed because the module bulkhead queue was full',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    moduleErrors: new Counter({
      name: 'bilik_module_errors_total',
      help: 'Failed module calls (HTTP routes and contract calls) by module and error code',
      labelNames: ['module', 'code'] as const,
      registers: [registry],
    }),
    breakerRejected: new Counter({
      name: 'bilik_breaker_rejected_total',
      help: 'Calls refused at once because the module breaker was open',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    workerRestarts: new Counter({
      name: 'bilik_worker_restarts_total',
      // timeout = the kernel terminated a thread whose task overran its deadline
      // (the "timeout-kill"); error = a thread that died while idle.
      help: 'Worker threads replaced per module, by cause: exit, oom, timeout (killed at the deadline), error (died while idle)',
      labelNames: ['module', 'cause'] as const,
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: 'bilik_db_pool_connections',
      help: 'Postgres connections per module: in_use, idle, waiting (callers queued for a connection)',
      labelNames: ['module', 'state'] as const,
      registers: [registry],
    }),
    workers: new Gauge({
      name: 'bilik_workers',
      help: 'Live worker threads per module',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    workerElu: new Gauge({
      name: 'bilik_worker_event_loop_utilization',
      help: 'Event-loop utilisation of the module worker threads (0..1, mean over live threads), measured in each worker',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export function breakerValue(state: keyof typeof BREAKER_VALUE): number {
  return BREAKER_VALUE[state];
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
