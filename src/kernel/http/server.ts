// The express app: headers, static assets, probes, auth, the route table, and
// the one error handler. Order matters: probes come before anything that could
// wait on a module, so /health answers even while every module is hung.
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { KernelErrors } from '../errors.js';
import type { Kernel } from '../kernel.js';
import { statusClass, type Metrics } from '../metrics.js';
import { VIEWS_DIR } from '../paths.js';
import type { ModuleManifest, NavItem } from '../types.js';
import { AuthGate } from './auth.js';
import { authMiddleware, requestIdMiddleware, state } from './context.js';
import { sendError, toErrorData } from './error-handler.js';
import { CHAOS_PERMISSION, mountProbes, mountShell } from './kernel-routes.js';
import { mountModuleRoutes, shellOf } from './module-routes.js';
import { buildOpenApi } from './openapi.js';
import { useCatalogs } from './render.js';
import type { Catalogs, Locale } from '../i18n/catalog.js';
import { mountInternal } from './internal-routes.js';

const require = createRequire(import.meta.url);
const HTMX_FILE = require.resolve('htmx.org/dist/htmx.min.js');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface ServerOptions {
  kernel: Kernel;
  manifests: readonly ModuleManifest[];
  metrics: Metrics;
  log: Logger;
  chaos: boolean;
  secureCookies: boolean;
  trustProxy: boolean;
  authCacheMs: number;
  authModule: string;
  version: string;
  isReady: () => boolean;
  locale: Locale;
  timeZone: string;
  /** Every module's catalog (split mode: also of modules served elsewhere, whose error codes pass through here). */
  catalogs?: Catalogs[];
  /** Split mode: the secret that guards /_internal (unset: no internal endpoint). */
  internalSecret?: string;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  next();
}

export function createApp(o: ServerOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', o.trustProxy);
  app.set('query parser', 'simple');
  if (o.chaos) o.kernel.grant(CHAOS_PERMISSION, ['admin']);
  const nav: NavItem[] = [{ label: 'nav.dashboard', path: '/', permission: 'authenticated' }, ...o.manifests.flatMap((m) => m.nav ?? [])];
  const httpOpts = { secureCookies: o.secureCookies, log: o.log, nav, timeZone: o.timeZone, authModule: o.authModule };
  useCatalogs(o.catalogs ?? o.manifests.map((m) => m.messages));
  const gate = new AuthGate(o.kernel, o.authModule, o.authCacheMs);
  const deps = { kernel: o.kernel, gate, authModule: o.authModule, metrics: o.metrics, manifests: o.manifests, openapi: buildOpenApi(o.manifests, o.version), opts: httpOpts, isReady: o.isReady };

  app.use(securityHeaders);
  app.use(requestIdMiddleware(o.locale));
  app.use((req, res, next) => {
    res.on('finish', () => {
      const st = state(res);
      const secs = (performance.now() - st.started) / 1000;
      const labels = { module: st.module, route: st.route, method: req.method, status: statusClass(res.statusCode) };
      o.metrics.httpRequests.inc(labels);
      o.metrics.httpDuration.observe(labels, secs);
      if (st.route !== '/health' && st.route !== '/metrics') {
        o.log.info({ requestId: st.requestId, method: req.method, route: st.route, module: st.module, status: res.statusCode, ms: Math.round(secs * 1000) }, 'request');
      }
    });
    next();
  });
  // Static assets share one route label: file names never become label values.
  app.use('/static', (_req, res, next) => {
    state(res).route = '/static';
    next();
  });
  app.get('/static/htmx.min.js', (_req, res) => res.sendFile(HTMX_FILE, { maxAge: '1d' }));
  app.use('/static', express.static(path.join(VIEWS_DIR, 'static'), { maxAge: '1h', index: false }));
  app.use((req, res, next) => {
    const st = state(res);
    if (['/health', '/ready', '/metrics', '/api/v1/openapi.json'].includes(req.path)) st.route = req.path;
    next();
  });
  mountProbes(app, deps);
  if (o.internalSecret) mountInternal(app, { kernel: o.kernel, secret: o.internalSecret, log: o.log });
  app.use(express.json({ limit: '64kb' }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(authMiddleware(gate, o.secureCookies, o.log, o.locale));
  mountShell(app, deps, o.chaos);
  mountModuleRoutes(app, o.kernel, gate, o.manifests, httpOpts);
  app.use((req: Request, res: Response) => {
    // No route answered (unknown path, or a missing static file): one bounded label.
    Object.assign(state(res), { module: 'kernel', route: 'unmatched' });
    sendError(req, res, { ...KernelErrors.NOT_FOUND }, req.path.startsWith('/api/') ? 'api' : 'page', shellOf(req, res, nav, httpOpts));
  });
  // Body-parser failures and anything else thrown outside a route handler.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const data = toErrorData(err);
    if (data.status >= 500) o.log.error({ requestId: state(res)?.requestId, errType: (err as Error)?.name }, 'unhandled error');
    sendError(req, res, data, req.path.startsWith('/api/') ? 'api' : 'page', shellOf(req, res, nav, httpOpts));
  });
  return app;
}
