// The kernel: one ModuleRuntime per module from the explicit list, started in
// order and stopped in reverse. It routes contract calls between modules so a
// call takes the same breaker and bulkhead as any request to the callee.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { BilikError, KernelErrors } from './errors.js';
import type { Metrics } from './metrics.js';
import { HttpTransport } from './runtime/http-transport.js';
import { LocalTransport } from './runtime/local-transport.js';
import { ModuleRuntime, type ModuleStatus } from './runtime/module-runtime.js';
import { checkMigrationNames } from './db/migrate.js';
import { VIEWS_DIR } from './paths.js';
import { ROLES, type ModuleLimits, type ModuleManifest, type ModuleSettings, type Role, type StartReport, type UserContext } from './types.js';
import { tasksPerWorker } from './runtime/local-transport.js';
import type { CallReply, CallRequest, DbConfig, TaskOutcome } from './worker/protocol.js';


export interface KernelOptions {
  config: Config;
  modules: readonly ModuleManifest[];
  log: Logger;
  metrics: Metrics;
}

export class Kernel {
  readonly runtimes = new Map<string, ModuleRuntime>();
  readonly manifests = new Map<string, ModuleManifest>();
  private readonly rolePermissions = new Map<Role, Set<string>>();
  private started: ModuleRuntime[] = [];
  /** True when a module reported that this start created a new installation (first admin). */
  freshInstall = false;

  constructor(private readonly opts: KernelOptions) {
    for (const m of opts.modules) {
      if (this.manifests.has(m.name)) throw new Error(`module ${m.name} listed twice`);
      checkMigrationNames(m.name, m.migrations);
      this.manifests.set(m.name, m);
      for (const [perm, roles] of Object.entries(m.permissions)) {
        for (const role of roles) {
          if (!this.rolePermissions.has(role)) this.rolePermissions.set(role, new Set());
          this.rolePermissions.get(role)!.add(perm);
        }
      }
    }
    for (const m of opts.modules) {
      for (const target of m.calls) {
        if (!this.manifests.has(target)) throw new Error(`${m.name} declares calls to unknown module ${target}`);
      }
    }
  }

  /** Kernel-level permissions (e.g. chaos) are granted here, module ones by manifests. */
  grant(perm: string, roles: Role[]): void {
    for (const role of roles) {
      if (!this.rolePermissions.has(role)) this.rolePermissions.set(role, new Set());
      this.rolePermissions.get(role)!.add(perm);
    }
  }

  /** The first of `roles` (in ROLES order) that grants `permission`; undefined for public/authenticated routes. */
  actingRole(roles: Role[], permission: string): Role | undefined {
    return ROLES.find((r) => roles.includes(r) && this.rolePermissions.get(r)?.has(permission));
  }

  permissionsOf(roles: Role[]): string[] {
    const out = new Set<string>();
    for (const r of roles) for (const p of this.rolePermissions.get(r) ?? []) out.add(p);
    return [...out].sort();
  }

  settings(): ModuleSettings {
    const c = this.opts.config;
    const s: ModuleSettings = { demo: c.BILIK_DEMO, clinicName: c.BILIK_CLINIC_NAME, sessionTtlHours: c.BILIK_SESSION_TTL_HOURS, tokenTtlHours: c.BILIK_TOKEN_TTL_HOURS };
    if (c.BILIK_ADMIN_PASSWORD) s.adminPassword = c.BILIK_ADMIN_PASSWORD;
    return s;
  }

  /**
   * SQLite: the module's own file. Postgres: the module's own schema, and pg
   * pools sized from the bulkhead, so the module can never hold more server
   * connections than it admits calls (the classic "too many connections" outage).
   */
  private dbConfig(module: string, limits: ModuleLimits): DbConfig {
    const c = this.opts.config;
    if (!c.DATABASE_URL) return { kind: 'sqlite', file: path.join(c.dataDir, `${module}.sqlite`), synchronous: c.BILIK_SQLITE_SYNC };
    return {
      kind: 'postgres',
      url: c.DATABASE_URL,
      schema: module,
      poolMax: tasksPerWorker(limits),
      waitMs: c.BILIK_PG_POOL_WAIT_MS,
      statementTimeoutMs: limits.timeoutMs,
    };
  }

  /**
   * Where a module runs: in this process (its pool), in another (split mode,
   * REMOTE_<MODULE>_URL), or nowhere this process can reach (its routes are not
   * served here). Configs built by hand, without placement, host everything.
   */
  placement(name: string): 'local' | 'remote' | 'absent' {
    const c = this.opts.config;
    if (!this.manifests.has(name)) return 'absent';
    if (c.remotes?.[name]) return 'remote';
    return !c.localModules || c.localModules.includes(name) ? 'local' : 'absent';
  }

  /** Split mode: the secret signs internal calls (REMOTE_ modules) and guards this process's internal endpoint. */
  private remoteRuntime(m: ModuleManifest, limits: ModuleLimits): ModuleRuntime {
    const { config, log, metrics } = this.opts;
    if (!config.BILIK_INTERNAL_SECRET) throw new Error(`${m.name} is remote but BILIK_INTERNAL_SECRET is not set`);
    const transport = new HttpTransport({ module: m.name, baseUrl: config.remotes[m.name]!, secret: config.BILIK_INTERNAL_SECRET, log });
    return new ModuleRuntime(m.name, limits, transport, metrics, log);
  }

  /** Starts every module in list order: pool, migrations, first-run work (remote ones: the client). Returns lines to print. */
  async start(): Promise<string[]> {
    const { config, log, metrics } = this.opts;
    fs.mkdirSync(config.dataDir, { recursive: true });
    const messages: string[] = [];
    const local: ModuleRuntime[] = [];
    for (const m of this.manifests.values()) {
      const limits = config.limits[m.name]!;
      const where = this.placement(m.name);
      if (where === 'absent') continue;
      if (where === 'remote') {
        // The module's own service migrates and seeds its data; here it is only reached.
        const rt = this.remoteRuntime(m, limits);
        await rt.start((req) => this.onCall(m.name, req));
        this.runtimes.set(m.name, rt);
        this.started.push(rt);
        log.info({ module: m.name, remote: config.remotes[m.name] }, 'remote module attached');
        continue;
      }
      const transport = new LocalTransport(
        {
          module: m.name,
          workerFile: m.worker.startsWith('file:') ? fileURLToPath(m.worker) : m.worker,
          viewsDir: VIEWS_DIR,
          db: this.dbConfig(m.name, limits),
          logLevel: config.LOG_LEVEL,
          settings: this.settings(),
          calls: [...m.calls],
          locale: config.BILIK_LOCALE,
          timeZone: config.BILIK_TIMEZONE,
        },
        limits,
      );
      const rt = new ModuleRuntime(m.name, limits, transport, metrics, log);
      await rt.start((req) => this.onCall(m.name, req));
      this.runtimes.set(m.name, rt);
      this.started.push(rt);
      local.push(rt);
    }
    // Every pool's threads load their module's code at the same time, and each
    // module migrates its own database (file or schema) independently: start-up
    // costs the slowest module, not the sum of them. A failed migration is
    // reported after the others have settled, so no thread is torn down while
    // it is still loading (Node aborts the process when that happens).
    const migrated = await Promise.allSettled(local.map((rt) => this.admin(rt, 'migrate')));
    const failed = migrated.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // onStart in module-list order: a module's start-up (demo seeding) may call
    // the modules listed before it, which are up by then.
    for (const rt of local) {
      const started = await this.admin(rt, 'start');
      const report = (started.ok ? started.value : undefined) as StartReport | undefined;
      messages.push(...(report?.messages ?? []));
      if (report?.freshInstall) this.freshInstall = true;
      log.info({ module: rt.name, threads: config.limits[rt.name]!.threads }, 'module started');
    }
    return messages;
  }

  private async admin(rt: ModuleRuntime, type: 'migrate' | 'start'): Promise<TaskOutcome> {
    // Start-up work may legitimately take longer than a request's deadline.
    const outcome = await rt.dispatch({ type, requestId: `start-${rt.name}`, user: null }, undefined, 60_000);
    if (!outcome.ok) throw new Error(`${rt.name}: ${type} failed (${outcome.error.code})`);
    return outcome;
  }

  runtime(name: string): ModuleRuntime {
    const rt = this.runtimes.get(name);
    if (!rt) throw new BilikError(KernelErrors.MODULE_UNAVAILABLE);
    return rt;
  }

  /** A contract call, from the kernel itself (auth) or from a module's handler. */
  async call(caller: string, module: string, fn: string, args: unknown, user: UserContext | null, requestId: string, deadline?: number): Promise<unknown> {
    const target = this.manifests.get(module);
    if (!target || !target.contract.includes(fn)) {
      throw new BilikError(KernelErrors.CONTRACT_NOT_DECLARED, { message: `${module}.${fn} is not in the contract` });
    }
    const outcome = await this.runtime(module).dispatch({ type: 'contract', fn, args, caller, requestId, user }, deadline);
    if (!outcome.ok) throw BilikError.fromData(outcome.error);
    return outcome.value;
  }

  private async onCall(caller: string, req: CallRequest): Promise<CallReply> {
    const manifest = this.manifests.get(caller)!;
    if (!manifest.calls.includes(req.module)) {
      return { id: req.id, ok: false, error: new BilikError(KernelErrors.CONTRACT_NOT_DECLARED).toData() };
    }
    try {
      const value = await this.call(caller, req.module, req.fn, req.args, req.user, req.requestId, req.deadline);
      return { id: req.id, ok: true, value };
    } catch (err) {
      const e = err instanceof BilikError ? err : new BilikError(KernelErrors.INTERNAL);
      return { id: req.id, ok: false, error: e.toData() };
    }
  }

  status(): Record<string, ModuleStatus> {
    const out: Record<string, ModuleStatus> = {};
    for (const [name, rt] of this.runtimes) out[name] = rt.status();
    return out;
  }

  /** Reverse start order: a module stops after everything that could call it. */
  async stop(): Promise<void> {
    const list = [...this.started].reverse();
    this.started = [];
    for (const rt of list) {
      await rt.stop().catch((err: unknown) => this.opts.log.error({ module: rt.name, errType: (err as Error)?.name }, 'module stop failed'));
      this.opts.log.info({ module: rt.name }, 'module stopped');
    }
  }
}
