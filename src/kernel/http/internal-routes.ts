// The internal endpoint of a module service (split mode): a gateway, or another
// module service, hands a Task (a route or a contract call) to a module hosted
// here; it runs through this process's own runtime (breaker, bulkhead, pool)
// with the caller's deadline, and the TaskOutcome goes back as JSON. Only
// signed requests get in (BILIK_INTERNAL_SECRET); cookies are never read here:
// the user context arrives signed, authenticated by the gateway.
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BilikError, KernelErrors, type ErrorData } from '../errors.js';
import type { Kernel } from '../kernel.js';
import type { TaskRequest } from '../runtime/module-runtime.js';
import { verifyRequest } from '../runtime/internal-auth.js';
import type { RequestInput, UserContext } from '../types.js';
import { state } from './context.js';

export const INTERNAL_TASK_ROUTE = '/_internal/v1/:module/task';
export const INTERNAL_STATUS_ROUTE = '/_internal/v1/:module/status';

const str = (max: number) => z.string().max(max);
const base = { requestId: str(200), locale: z.enum(['id', 'en']).optional(), timeZone: str(100).optional() };
const taskSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('route'),
    handler: str(200),
    route: z.object({ method: str(10), path: str(500) }).passthrough(),
    input: z.object({
      params: z.record(z.string(), z.string()),
      query: z.record(z.string(), z.unknown()),
      body: z.unknown().optional(),
      form: z.boolean(),
      htmx: z.boolean(),
      clientIp: str(100),
      sessionId: str(200).optional(),
      token: str(200).optional(),
    }),
    shell: z.object({ nav: z.array(z.object({ label: str(200), path: str(500), permission: str(200) })).max(200), csrf: str(200), activePath: str(2000) }),
  }),
  z.object({ ...base, type: z.literal('contract'), fn: str(200), args: z.unknown().optional(), caller: str(100) }),
]);

export interface InternalDeps {
  kernel: Kernel;
  secret: string;
  log: Logger;
}

function fail(res: Response, spec: ErrorData): void {
  res.status(spec.status).json({ error: spec });
}

/** Mounted before the session middleware and the body parsers: the signature needs the raw bytes. */
export function mountInternal(app: Express, d: InternalDeps): void {
  // Bounded before the signature is checked: an unsigned caller cannot make us buffer much.
  const raw = express.raw({ type: () => true, limit: '2mb' });

  const verified = (req: Request, res: Response, body: Buffer): { user: UserContext | null; deadline: number } | null => {
    const st = state(res);
    const module = String(req.params.module);
    const local = d.kernel.placement(module) === 'local';
    st.module = local ? module : 'kernel';
    st.route = req.route?.path ?? 'unmatched';
    const v = verifyRequest(d.secret, { method: req.method, path: req.path, body, header: (n) => req.get(n) });
    if (!v.ok) {
      d.log.warn({ requestId: st.requestId, module: st.module, reason: v.reason }, 'internal call refused');
      fail(res, { ...KernelErrors.UNAUTHENTICATED });
      return null;
    }
    if (!local) {
      fail(res, { ...KernelErrors.NOT_FOUND, message: `module ${module} is not hosted here` });
      return null;
    }
    return v;
  };

  app.get(INTERNAL_STATUS_ROUTE, (req, res) => {
    if (!verified(req, res, Buffer.alloc(0))) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: d.kernel.runtime(String(req.params.module)).status() });
  });

  app.post(INTERNAL_TASK_ROUTE, raw, async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const v = verified(req, res, body);
    if (!v) return;
    const module = String(req.params.module);
    // The caller's deadline bounds the work here too; an expired one is not started.
    if (v.deadline <= Date.now()) return fail(res, { ...KernelErrors.MODULE_TIMEOUT });
    let parsed: z.infer<typeof taskSchema>;
    try {
      const r = taskSchema.safeParse(JSON.parse(body.toString('utf8')));
      if (!r.success) {
        // Field paths only: the values may be a patient's.
        d.log.warn({ requestId: state(res).requestId, module, fields: r.error.issues.map((i) => i.path.join('.')) }, 'internal task malformed');
        return fail(res, { ...KernelErrors.BAD_REQUEST });
      }
      parsed = r.data;
    } catch {
      return fail(res, { ...KernelErrors.BAD_REQUEST });
    }
    const task = admit(d.kernel, module, parsed, v.user);
    if ('error' in task) return fail(res, task.error);
    try {
      const outcome = await d.kernel.runtime(module).dispatch(task.task, v.deadline);
      res.type('json').send(JSON.stringify(outcome));
    } catch (err) {
      // Shed, open breaker, timeout, crash: the caller's runtime treats them as its own.
      const e = err instanceof BilikError ? err.toData() : { ...KernelErrors.INTERNAL };
      if (e.retryAfterSec !== undefined) res.setHeader('Retry-After', String(e.retryAfterSec));
      fail(res, e);
    }
  });
}

/**
 * The callee decides for itself what it runs: only routes and contract
 * functions its own manifest declares, a route's view and permission from that
 * manifest (not from the wire), and the user's permissions from its own roles
 * table. Defence in depth: the gateway has checked all of this already.
 */
function admit(kernel: Kernel, module: string, t: z.infer<typeof taskSchema>, signedUser: UserContext | null): { task: TaskRequest } | { error: ErrorData } {
  const manifest = kernel.manifests.get(module)!;
  const user = signedUser ? { ...signedUser, permissions: kernel.permissionsOf(signedUser.roles) } : null;
  if (t.type === 'contract') {
    if (!manifest.contract.includes(t.fn)) return { error: { ...KernelErrors.CONTRACT_NOT_DECLARED } };
    if (t.caller !== 'kernel' && !kernel.manifests.get(t.caller)?.calls.includes(module)) return { error: { ...KernelErrors.CONTRACT_NOT_DECLARED } };
    return { task: { type: 'contract', fn: t.fn, args: t.args, caller: t.caller, requestId: t.requestId, user, ...(t.locale && { locale: t.locale }), ...(t.timeZone && { timeZone: t.timeZone }) } };
  }
  const r = manifest.routes.find((x) => x.handler === t.handler && x.method === t.route.method && x.path === t.route.path);
  if (!r) return { error: { ...KernelErrors.NOT_FOUND } };
  if (r.permission !== 'public') {
    if (!user) return { error: { ...KernelErrors.UNAUTHENTICATED } };
    if (r.permission !== 'authenticated' && !user.permissions.includes(r.permission)) return { error: { ...KernelErrors.FORBIDDEN } };
  }
  const { sessionId, token, ...rest } = t.input;
  const input: RequestInput = { ...rest, body: rest.body, ...(sessionId !== undefined && { sessionId }), ...(token !== undefined && { token }) };
  return {
    task: {
      type: 'route',
      requestId: t.requestId,
      ...(t.locale && { locale: t.locale }),
      ...(t.timeZone && { timeZone: t.timeZone }),
      user,
      handler: r.handler,
      route: { kind: r.kind, method: r.method, path: r.path, ...(r.view && { view: r.view }), ...(r.formView && { formView: r.formView }), ...(r.title && { title: r.title }) },
      input,
      shell: t.shell,
    },
  };
}
