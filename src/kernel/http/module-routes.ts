// Mounts every module route from the manifests: guard (permission, CSRF), hand
// the request to the module's runtime as plain data, write back what the worker
// rendered. Express never reaches a module.
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import { BilikError, KernelErrors } from '../errors.js';
import type { Kernel } from '../kernel.js';
import type { ModuleManifest, NavItem, RouteDef, RouteKind, UserContext } from '../types.js';
import type { HttpPayload, RouteTask } from '../worker/protocol.js';
import type { AuthGate } from './auth.js';
import { SESSION_COOKIE, checkCsrf, state } from './context.js';
import { sendError, toErrorData } from './error-handler.js';
import { messagesFor, type Shell } from './render.js';
import { translateMaybe } from '../i18n/catalog.js';

export interface HttpOptions {
  secureCookies: boolean;
  timeZone: string;
  log: Logger;
  nav: NavItem[];
  /** Only this module (sessions, tokens) is handed the caller's session id or bearer token. */
  authModule?: string;
}

/** Static segments win over parameters (/patients/new before /patients/:id). */
export function orderRoutes<T extends { path: string }>(routes: readonly T[]): T[] {
  const weight = (p: string) => p.split('/').map((s) => (s.startsWith(':') ? '1' : '0')).join('');
  return [...routes].sort((a, b) => weight(a.path).localeCompare(weight(b.path)));
}

export function shellOf(req: Request, res: Response, nav: NavItem[], opts: { timeZone: string }): Shell {
  const st = state(res);
  const user = st.principal?.user ?? null;
  const perms = new Set(user?.permissions ?? []);
  return {
    user,
    // Labels are translated here, where every module's catalog is known (a worker knows only its own).
    nav: user
      ? nav.filter((n) => n.permission === 'authenticated' || perms.has(n.permission)).map((n) => ({ ...n, label: translateMaybe(messagesFor(st.locale), n.label) }))
      : [],
    csrf: st.csrf,
    requestId: st.requestId,
    activePath: req.path,
    locale: st.locale,
    timeZone: opts.timeZone,
  };
}

/** Throws 401/403, or answers with a redirect to the login page for anonymous page requests. */
export function authorize(req: Request, res: Response, permission: string, kind: RouteKind): boolean {
  const st = state(res);
  if (permission === 'public') return true;
  if (!st.principal) {
    if (st.authError) throw st.authError;
    if (kind !== 'api' && req.path !== '/_chaos') {
      const next = encodeURIComponent(req.originalUrl);
      if (req.get('HX-Request') === 'true') {
        res.status(401).setHeader('HX-Redirect', `/login?next=${next}`);
        res.end();
      } else {
        res.redirect(303, `/login?next=${next}`);
      }
      return false;
    }
    throw new BilikError(KernelErrors.UNAUTHENTICATED);
  }
  if (permission !== 'authenticated' && !st.principal.user.permissions.includes(permission)) {
    throw new BilikError(KernelErrors.FORBIDDEN);
  }
  return true;
}

export function writeHttp(req: Request, res: Response, http: HttpPayload, secureCookies: boolean): void {
  const fx = http.effects;
  if (fx?.setSession) {
    res.cookie(SESSION_COOKIE, fx.setSession.id, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: fx.setSession.maxAgeSec * 1000 });
  }
  if (fx?.clearSession) res.clearCookie(SESSION_COOKIE, { path: '/' });
  res.setHeader('Cache-Control', 'no-store');
  if (http.retryAfterSec !== undefined) res.setHeader('Retry-After', String(http.retryAfterSec));
  if (http.redirect) {
    if (req.get('HX-Request') === 'true') {
      res.status(200).setHeader('HX-Redirect', http.redirect);
      res.end();
    } else {
      res.redirect(303, http.redirect);
    }
    return;
  }
  res.status(http.status).type(http.contentType === 'application/json' ? 'json' : 'html').send(http.body);
}

function bodyOf(req: Request): { body: unknown; form: boolean } {
  const form = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
  if (req.body === undefined || req.body === null) return { body: undefined, form };
  if (form && typeof req.body === 'object') {
    const { _csrf: _ignored, ...rest } = req.body as Record<string, unknown>;
    return { body: rest, form };
  }
  return { body: req.body, form };
}

export function mountModuleRoutes(app: Express, kernel: Kernel, gate: AuthGate, manifests: readonly ModuleManifest[], opts: HttpOptions): void {
  for (const m of manifests) {
    for (const r of orderRoutes(m.routes)) {
      const method = r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      app[method](r.path, (req: Request, res: Response) => handle(req, res, m.name, r, kernel, gate, opts));
    }
  }
}

function actingUser(user: UserContext | null, permission: string, kernel: Kernel): UserContext | null {
  if (!user) return null;
  const role = kernel.actingRole(user.roles, permission) ?? user.roles[0];
  return role ? { ...user, role } : user;
}

async function handle(req: Request, res: Response, module: string, r: RouteDef, kernel: Kernel, gate: AuthGate, opts: HttpOptions): Promise<void> {
  const st = state(res);
  st.module = module;
  st.route = r.path;
  const shell = shellOf(req, res, opts.nav, opts);
  try {
    if (!authorize(req, res, r.permission, r.kind)) return;
    checkCsrf(req, res);
    const { body, form } = bodyOf(req);
    const input: RouteTask['input'] = {
      params: { ...(req.params as Record<string, string>) },
      query: { ...(req.query as Record<string, unknown>) },
      body,
      form,
      htmx: req.get('HX-Request') === 'true',
      clientIp: req.ip ?? '',
    };
    // Other modules never see credentials (in split mode they would cross the network).
    const owner = opts.authModule === undefined || module === opts.authModule;
    if (owner && st.principal?.sessionId) input.sessionId = st.principal.sessionId;
    if (owner && st.principal?.token) input.token = st.principal.token;
    const task: Omit<RouteTask, 'deadline' | 'fault'> = {
      type: 'route',
      requestId: st.requestId,
      locale: st.locale,
      timeZone: opts.timeZone,
      user: actingUser(st.principal?.user ?? null, r.permission, kernel),
      handler: r.handler,
      route: { kind: r.kind, method: r.method, path: r.path, ...(r.view && { view: r.view }), ...(r.formView && { formView: r.formView }), ...(r.title && { title: r.title }) },
      input,
      shell: { nav: shell.nav, csrf: shell.csrf, activePath: shell.activePath },
    };
    const outcome = await kernel.runtime(module).dispatch(task);
    const http = outcome.http;
    gate.apply(http?.effects);
    if (http) return writeHttp(req, res, http, opts.secureCookies);
    if (!outcome.ok) return sendError(req, res, outcome.error, r.kind, shell, module);
    throw new Error('module returned no response');
  } catch (err) {
    const data = toErrorData(err);
    if (data.code === KernelErrors.INTERNAL.code && !(err instanceof BilikError)) {
      opts.log.error({ requestId: st.requestId, module, route: r.path, errType: (err as Error)?.name }, 'request failed');
    }
    sendError(req, res, data, r.kind, shell, module);
  }
}
