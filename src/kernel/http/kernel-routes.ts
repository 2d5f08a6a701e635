// Routes that belong to no module: probes, metrics, the dashboard shell, the
// OpenAPI document and (BILIK_CHAOS=1 only) fault injection. Declared as a
// table like a module's, so the deny-by-default walk covers them too.
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { BilikError, KernelErrors } from '../errors.js';
import type { Kernel } from '../kernel.js';
import type { Metrics } from '../metrics.js';
import type { ModuleManifest, Role, RouteDef } from '../types.js';
import { checkCsrf, state } from './context.js';
import { sendError, toErrorData } from './error-handler.js';
import { authorize, shellOf, type HttpOptions } from './module-routes.js';
import { messagesFor, renderLayout, renderView } from './render.js';
import { isLocale, translateMaybe } from '../i18n/catalog.js';
import type { AuthGate } from './auth.js';
import { LANG_COOKIE } from './context.js';

export const CHAOS_PERMISSION = 'kernel:chaos';

export function kernelRoutes(chaos: boolean): RouteDef[] {
  const list: RouteDef[] = [
    { method: 'GET', path: '/health', permission: 'public', handler: 'health', kind: 'api' },
    { method: 'GET', path: '/ready', permission: 'public', handler: 'ready', kind: 'api' },
    { method: 'GET', path: '/metrics', permission: 'public', handler: 'metrics', kind: 'api' },
    { method: 'GET', path: '/api/v1/openapi.json', permission: 'public', handler: 'openapi', kind: 'api' },
    { method: 'GET', path: '/', permission: 'authenticated', handler: 'dashboard', kind: 'page' },
    { method: 'POST', path: '/_lang', permission: 'public', handler: 'language', kind: 'page' },
  ];
  if (chaos) list.push({ method: 'POST', path: '/_chaos', permission: CHAOS_PERMISSION, handler: 'chaos', kind: 'api' });
  return list;
}

const chaosBody = z.object({
  module: z.string(),
  fault: z.enum(['none', 'throw', 'exit', 'hang', 'oom', 'slow']),
  times: z.number().int().min(1).max(100_000).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
});

interface Deps {
  kernel: Kernel;
  gate: AuthGate;
  authModule: string;
  metrics: Metrics;
  manifests: readonly ModuleManifest[];
  openapi: Record<string, unknown>;
  opts: HttpOptions;
  isReady: () => boolean;
}

/**
 * Each role lands on its own work list (front desk → queue, nurse → triage,
 * doctor → my queue, cashier → invoices); admin, and anyone with no declared
 * home, gets the overview of panels. The order decides for users with several
 * roles: clinical work first.
 */
const HOME_ORDER: readonly Role[] = ['doctor', 'nurse', 'front_desk', 'cashier'];
export function homeOf(roles: readonly Role[], manifests: readonly ModuleManifest[]): string | undefined {
  if (roles.includes('admin')) return undefined;
  for (const role of HOME_ORDER) {
    if (!roles.includes(role)) continue;
    for (const m of manifests) if (m.homes?.[role]) return m.homes[role];
  }
  return undefined;
}

/** Probes are mounted before auth and body parsing: they must answer even when every module is down. */
export function mountProbes(app: Express, d: Deps): void {
  app.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    const modules = d.kernel.status();
    const anyDown = Object.values(modules).some((m) => m.state !== 'up');
    res.setHeader('Cache-Control', 'no-store');
    res.status(d.isReady() ? 200 : 503).json({ status: !d.isReady() ? 'starting' : anyDown ? 'degraded' : 'ready', modules });
  });
  app.get('/metrics', async (_req, res) => {
    d.kernel.status(); // refreshes the worker gauges
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(d.openapi);
  });
}

export function mountShell(app: Express, d: Deps, chaos: boolean): void {
  app.get('/', (req: Request, res: Response) => {
    const st = state(res);
    st.route = '/';
    const shell = shellOf(req, res, d.opts.nav, d.opts);
    try {
      if (!authorize(req, res, 'authenticated', 'page')) return;
      const home = req.query['overview'] === undefined ? homeOf(shell.user!.roles, d.manifests) : undefined;
      if (home) return void res.redirect(303, home);
      const perms = new Set(shell.user!.permissions);
      const messages = messagesFor(shell.locale);
      const panels = d.manifests.flatMap((m) =>
        (m.panels ?? []).filter((p) => perms.has(p.permission) || p.permission === 'authenticated').map((p) => ({ ...p, title: translateMaybe(messages, p.title), module: m.name })),
      );
      res.type('html').setHeader('Cache-Control', 'no-store');
      res.send(renderLayout(shell, 'dashboard.title', renderView('layout/dashboard', shell, { panels, user: shell.user })));
    } catch (err) {
      sendError(req, res, toErrorData(err), 'page', shell);
    }
  });
  // The language switch: a cookie for everyone, and the saved preference of a logged-in user.
  app.post('/_lang', async (req: Request, res: Response) => {
    const st = state(res);
    st.route = '/_lang';
    const shell = shellOf(req, res, d.opts.nav, d.opts);
    try {
      checkCsrf(req, res);
      const locale = (req.body as { locale?: unknown } | undefined)?.locale;
      if (!isLocale(locale)) throw new BilikError(KernelErrors.VALIDATION, { fields: { locale: 'validation.choice' } });
      res.cookie(LANG_COOKIE, locale, { httpOnly: true, sameSite: 'lax', secure: d.opts.secureCookies, path: '/', maxAge: 365 * 24 * 3600 * 1000 });
      const user = st.principal?.user;
      if (user) {
        await d.kernel.call('kernel', d.authModule, 'setLocale', { userId: user.id, locale }, user, st.requestId);
        d.gate.apply({ revokeUsers: [user.id] });
      }
      const next = (req.body as { next?: unknown }).next;
      const target = typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
      if (req.get('HX-Request') === 'true') res.status(200).setHeader('HX-Redirect', target).end();
      else res.redirect(303, target);
    } catch (err) {
      sendError(req, res, toErrorData(err), 'page', shell);
    }
  });
  if (!chaos) return;
  app.post('/_chaos', (req: Request, res: Response) => {
    const st = state(res);
    st.route = '/_chaos';
    const shell = shellOf(req, res, d.opts.nav, d.opts);
    try {
      if (!authorize(req, res, CHAOS_PERMISSION, 'api')) return;
      checkCsrf(req, res);
      const parsed = chaosBody.safeParse(req.body);
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message]));
        throw new BilikError(KernelErrors.VALIDATION, { fields });
      }
      const { module, fault, times, ms } = parsed.data;
      const rt = d.kernel.runtimes.get(module);
      if (!rt) throw new BilikError(KernelErrors.VALIDATION, { fields: { module: 'unknown module' } });
      rt.setFault(fault === 'none' ? null : { kind: fault, ...(ms !== undefined && { ms }) }, times);
      d.opts.log.warn({ module, fault, times, ms, requestId: st.requestId }, 'chaos fault set');
      res.json({ module, fault, times: times ?? null });
    } catch (err) {
      sendError(req, res, toErrorData(err), 'api', shell);
    }
  });
}
