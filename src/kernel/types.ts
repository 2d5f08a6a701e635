// The kernel's public types: what a module may see. Everything that crosses a
// thread boundary is plain data (rule 3 of the architecture).
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Catalogs, Locale, Translate } from './i18n/catalog.js';
import type { Formatters } from './i18n/format.js';

export const ROLES = ['admin', 'doctor', 'nurse', 'front_desk', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** page: full layout; fragment: htmx partial; api: JSON under /api/v1. */
export type RouteKind = 'page' | 'fragment' | 'api';
/** `public` and `authenticated` are the only permissions not granted by a role. */
export type Permission = 'public' | 'authenticated' | (string & {});

export interface RouteDocs {
  summary?: string;
  body?: ZodType;
  query?: ZodType;
  response?: ZodType;
  /** Statuses the route may answer with besides 200 (for the OpenAPI document). */
  statuses?: number[];
}

export interface RouteDef extends RouteDocs {
  method: HttpMethod;
  path: string;
  permission: Permission;
  handler: string;
  kind: RouteKind;
  /** Template rendered for page/fragment results (module-relative: 'patients/detail'). */
  view?: string;
  /** Template re-rendered with field errors when the handler fails validation. */
  formView?: string;
  /** Title for page routes (layout <title>). */
  title?: string;
}

export interface NavItem {
  label: string;
  path: string;
  permission: Permission;
}

export interface PanelDef {
  id: string;
  title: string;
  /** A fragment route of this module. */
  path: string;
  permission: Permission;
}

export interface ModuleLimits {
  threads: number;
  /** Concurrent tasks admitted by the bulkhead. */
  concurrency: number;
  /** Bounded queue behind the bulkhead; a full queue sheds at once. */
  queue: number;
  timeoutMs: number;
  /** Worker heap cap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** A call slower than this counts as a failure for the breaker. */
  slowCallMs: number;
  breakerWindow: number;
  breakerMinCalls: number;
  breakerFailureRate: number;
  breakerOpenMs: number;
  breakerMaxOpenMs: number;
  breakerProbes: number;
  /** Restart intensity: more than `maxRestarts` in `restartWindowMs` opens the breaker. */
  maxRestarts: number;
  restartWindowMs: number;
}

export interface MigrationDef {
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

export interface ModuleManifest {
  name: string;
  /** Absolute path (or file URL) of the module's worker entry; loaded by path, never imported by the kernel. */
  worker: string;
  routes: readonly RouteDef[];
  /** Which roles are granted each of this module's permissions. */
  permissions: Readonly<Record<string, readonly Role[]>>;
  /** Functions other modules may call(). */
  contract: readonly string[];
  /** Modules this module calls; calls to others are refused. */
  calls: readonly string[];
  migrations: readonly MigrationDef[];
  /** The module's message catalogs (id, en); nav labels and panel titles are keys in them. */
  messages: Catalogs;
  nav?: readonly NavItem[];
  panels?: readonly PanelDef[];
  /** Where a role lands after login (`/` redirects there); admin lands on the overview. */
  homes?: Partial<Record<Role, string>>;
  limits?: Partial<ModuleLimits>;
}

export interface UserContext {
  id: number;
  username: string;
  fullName: string;
  roles: Role[];
  permissions: string[];
  /**
   * The role this request acts in: the first of the user's roles (in ROLES
   * order) that grants the route's permission. Audit entries record it.
   */
  role?: Role;
  /** Saved language preference; null means "follow the browser / clinic default". */
  locale?: Locale | null;
}

/** What the kernel hands a route handler as input. Plain data. */
export interface RequestInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** True when the body came from an HTML form (strings only, '' for empty). */
  form: boolean;
  htmx: boolean;
  clientIp: string;
  /** The current session cookie, for handlers that rotate or end sessions. */
  sessionId?: string;
  /** The bearer token of an API request, for handlers that revoke it. */
  token?: string;
}

export interface HandlerContext {
  module: string;
  db: Kysely<any>;
  user: UserContext | null;
  requestId: string;
  log: Logger;
  /** Epoch ms after which the kernel has given up on this call. */
  deadline: number;
  call<T = unknown>(module: string, fn: string, args?: unknown): Promise<T>;
  /** Settings the kernel passes to every module (demo seeding, admin password...). */
  settings: ModuleSettings;
  /** The caller's language and the clinic's time zone, with translator and formatters. */
  locale: Locale;
  timeZone: string;
  t: Translate;
  fmt: Formatters;
}

export interface ModuleSettings {
  demo: boolean;
  /** The clinic's name (BILIK_CLINIC_NAME), for receipts and printouts. */
  clinicName: string;
  adminPassword?: string;
  sessionTtlHours: number;
  tokenTtlHours: number;
}

/** Side effects on the HTTP layer that only the kernel may perform. */
export interface ResultEffects {
  setSession?: { id: string; maxAgeSec: number };
  clearSession?: boolean;
  /** Drop cached sessions/tokens of these users at once (deactivation, logout). */
  revokeUsers?: number[];
  revokeSessions?: string[];
  revokeTokens?: string[];
}

export interface HandlerResult {
  data?: unknown;
  status?: number;
  /** Overrides the route's view. */
  view?: string;
  title?: string;
  /** For page/fragment routes: where to go next (303, or HX-Redirect for htmx). API routes ignore it. */
  redirect?: string;
  effects?: ResultEffects;
}

export type Handler = (input: RequestInput, ctx: HandlerContext) => Promise<HandlerResult> | HandlerResult;
export type ContractFn = (args: any, ctx: HandlerContext) => Promise<unknown> | unknown;

export interface StartReport {
  /** Lines the kernel prints once at start (e.g. generated admin password). */
  messages?: string[];
  /** Set by the auth module when it created the first admin: this start made a new installation. */
  freshInstall?: boolean;
}

export interface WorkerDefinition {
  handlers: Record<string, Handler>;
  contract: Record<string, ContractFn>;
  migrations: readonly MigrationDef[];
  messages: Catalogs;
  /** Runs once at start after migrations (first-run admin, demo data). */
  onStart?: (ctx: HandlerContext) => Promise<StartReport | void>;
}
