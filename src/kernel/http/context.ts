// Per-request state: request id, who is calling, the CSRF token in force.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { BilikError, KernelErrors } from '../errors.js';
import type { AuthGate, Principal } from './auth.js';
import { fromAcceptLanguage, isLocale, type Locale } from '../i18n/catalog.js';

export const SESSION_COOKIE = 'bilik_sid';
export const ANON_CSRF_COOKIE = 'bilik_csrf';
export const LANG_COOKIE = 'bilik_lang';

export interface RequestState {
  requestId: string;
  started: number;
  principal: Principal | null;
  /** Set when the auth module could not answer: protected routes fail with it instead of 401. */
  authError?: BilikError;
  /** CSRF token for forms on this page: the session's, or the anonymous double-submit cookie. */
  csrf: string;
  module: string;
  route: string;
  locale: Locale;
}

export function state(res: Response): RequestState {
  return res.locals.bilik as RequestState;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

/** Request id, and a first guess at the language so even a body-parser error answers in it. */
export function requestIdMiddleware(clinicLocale: Locale) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('X-Request-Id');
    const requestId = incoming && /^[A-Za-z0-9_.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const st: RequestState = { requestId, started: performance.now(), principal: null, csrf: '', module: 'kernel', route: 'unmatched', locale: clinicLocale };
    st.locale = resolveLocale(req, st, clinicLocale);
    res.locals.bilik = st;
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}

/**
 * The caller's language: the staff member's saved preference, else the
 * language cookie (the switch, for anyone not logged in), else the browser's
 * Accept-Language, else the clinic default (BILIK_LOCALE).
 */
export function resolveLocale(req: Request, st: RequestState, clinicDefault: Locale): Locale {
  const saved = st.principal?.user.locale;
  if (isLocale(saved)) return saved;
  const cookie = parseCookies(req.headers.cookie)[LANG_COOKIE];
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(req.get('Accept-Language')) ?? clinicDefault;
}

/** Resolves the caller: bearer tokens on /api/v1 and /_chaos, the session cookie elsewhere. */
export function authMiddleware(gate: AuthGate, secureCookies: boolean, log: Logger, clinicLocale: Locale) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const st = state(res);
    const cookies = parseCookies(req.headers.cookie);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '')?.[1];
    try {
      if (req.path.startsWith('/api/')) {
        // The API never honours cookies: no ambient credentials, so no CSRF.
        if (bearer) st.principal = await gate.token(bearer, st.requestId);
      } else if (bearer && req.path === '/_chaos') {
        st.principal = await gate.token(bearer, st.requestId);
      } else if (cookies[SESSION_COOKIE]) {
        st.principal = await gate.session(cookies[SESSION_COOKIE], st.requestId);
        if (!st.principal) res.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    } catch (err) {
      st.authError = err instanceof BilikError ? err : new BilikError(KernelErrors.MODULE_UNAVAILABLE);
      log.warn({ requestId: st.requestId, code: st.authError.code }, 'auth module could not verify the caller');
    }
    st.locale = resolveLocale(req, st, clinicLocale);
    if (st.principal?.csrf) {
      st.csrf = st.principal.csrf;
    } else if (!req.path.startsWith('/api/')) {
      st.csrf = cookies[ANON_CSRF_COOKIE] ?? '';
      if (!/^[A-Za-z0-9_-]{32,}$/.test(st.csrf)) {
        st.csrf = randomBytes(24).toString('base64url');
        res.cookie(ANON_CSRF_COOKIE, st.csrf, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
      }
    }
    next();
  };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Every unsafe method outside the bearer-only API must carry the CSRF token (header for htmx, field for forms). */
export function checkCsrf(req: Request, res: Response): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
  const st = state(res);
  if (req.path.startsWith('/api/')) return;
  if (!st.principal?.csrf && st.principal) return; // bearer principal (chaos API): no cookies involved
  const sent = req.get('X-CSRF-Token') ?? (typeof req.body?._csrf === 'string' ? req.body._csrf : '');
  if (!safeEqual(sent, st.csrf)) throw new BilikError(KernelErrors.CSRF);
}
