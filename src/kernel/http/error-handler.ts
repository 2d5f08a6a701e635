// The one place errors become responses: JSON for the API, an htmx fragment for
// partial requests, a full page otherwise. Module unavailability renders as a
// self-healing "temporarily unavailable" box. Unknown errors are a generic 500
// with the request id; no stack or data ever reaches the client.
import type { Request, Response } from 'express';
import { BilikError, KernelErrors, type ErrorData } from '../errors.js';
import type { RouteKind } from '../types.js';
import { localizeError } from '../i18n/localize.js';
import { messagesFor, renderLayout, renderView, type Shell } from './render.js';

const DEGRADED = new Set([KernelErrors.MODULE_UNAVAILABLE.code, KernelErrors.MODULE_OVERLOADED.code, KernelErrors.MODULE_TIMEOUT.code, KernelErrors.MODULE_CRASHED.code]);

export function toErrorData(err: unknown): ErrorData {
  if (err instanceof BilikError) return err.toData();
  const e = err as { type?: string; status?: number } | null;
  // body-parser's own errors: malformed JSON and oversized bodies.
  if (e?.type === 'entity.parse.failed') return { ...KernelErrors.BAD_REQUEST };
  if (e?.type === 'entity.too.large') return { ...KernelErrors.PAYLOAD_TOO_LARGE };
  return { ...KernelErrors.INTERNAL };
}

export function isDegraded(code: string): boolean {
  return DEGRADED.has(code);
}

export function sendError(req: Request, res: Response, error: ErrorData, kind: RouteKind, shell: Shell, module?: string): void {
  if (res.headersSent) return;
  res.status(error.status);
  if (error.retryAfterSec) res.setHeader('Retry-After', String(error.retryAfterSec));
  res.setHeader('Cache-Control', 'no-store');
  const shown = localizeError(error, messagesFor(shell.locale));
  if (kind === 'api' || req.path.startsWith('/api/') || !acceptsHtml(req)) {
    // The code is stable; the message follows the caller's language.
    const body: Record<string, unknown> = { code: error.code, message: shown.message, requestId: shell.requestId };
    if (shown.fields) body.fields = shown.fields;
    res.json({ error: body });
    return;
  }
  const htmx = req.get('HX-Request') === 'true';
  const degraded = isDegraded(error.code);
  const data = { error: shown, requestId: shell.requestId, module, url: req.originalUrl, retrySec: Math.max(3, error.retryAfterSec ?? 5) };
  const fragment = degraded ? renderView('layout/degraded', shell, data) : renderView('layout/error', shell, data);
  res.type('html');
  if (kind === 'fragment' || htmx) {
    res.send(fragment);
    return;
  }
  res.send(renderLayout(shell, error.status === 404 ? 'errorpage.notfound' : 'errorpage.title', fragment));
}

function acceptsHtml(req: Request): boolean {
  return req.get('HX-Request') === 'true' || req.accepts(['html', 'json']) === 'html';
}
