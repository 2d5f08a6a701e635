import { describe, expect, it } from 'vitest';
import { INTERNAL_HEADERS, SIGNATURE_TTL_MS, signRequest, verifyRequest } from './internal-auth.js';
import type { UserContext } from '../types.js';

const SECRET = 's'.repeat(40);
const USER: UserContext = { id: 7, username: 'dewi', fullName: 'Dewi Lestari', roles: ['front_desk'], permissions: ['patients:read'], role: 'front_desk' };
const PATH = '/_internal/v1/patients/task';
const BODY = JSON.stringify({ type: 'contract', fn: 'countPatients' });
const NOW = 1_800_000_000_000;

function verify(headers: Record<string, string>, over: { method?: string; path?: string; body?: string; secret?: string; now?: number } = {}) {
  return verifyRequest(over.secret ?? SECRET, { method: over.method ?? 'POST', path: over.path ?? PATH, body: over.body ?? BODY, header: (n) => headers[n] }, over.now ?? NOW);
}

describe('internal request signatures', () => {
  const signed = signRequest(SECRET, { method: 'POST', path: PATH, body: BODY, user: USER, deadline: NOW + 5000 }, NOW);

  it('accepts a signed request and hands back the user and the deadline', () => {
    expect(verify(signed)).toEqual({ ok: true, user: USER, deadline: NOW + 5000 });
    const anon = signRequest(SECRET, { method: 'GET', path: PATH, body: '', user: null, deadline: NOW + 1 }, NOW);
    expect(verify(anon, { method: 'GET', body: '' })).toEqual({ ok: true, user: null, deadline: NOW + 1 });
  });

  it('refuses an unsigned request', () => {
    expect(verify({})).toMatchObject({ ok: false, reason: 'unsigned' });
    const { [INTERNAL_HEADERS.signature]: _s, ...noSig } = signed;
    expect(verify(noSig)).toMatchObject({ ok: false });
  });

  it('refuses a changed body, path, method, user, deadline or expiry', () => {
    expect(verify(signed, { body: BODY.replace('countPatients', 'getPatientSummaries') }).ok).toBe(false);
    expect(verify(signed, { path: '/_internal/v1/records/task' }).ok).toBe(false);
    expect(verify(signed, { method: 'PUT' }).ok).toBe(false);
    const admin = Buffer.from(JSON.stringify({ ...USER, roles: ['admin'] })).toString('base64url');
    expect(verify({ ...signed, [INTERNAL_HEADERS.user]: admin }).ok).toBe(false);
    expect(verify({ ...signed, [INTERNAL_HEADERS.deadline]: String(NOW + 600_000) }).ok).toBe(false);
    expect(verify({ ...signed, [INTERNAL_HEADERS.expires]: String(NOW + SIGNATURE_TTL_MS + 1) }).ok).toBe(false);
  });

  it('refuses another secret and a forged signature of the right length', () => {
    expect(verify(signed, { secret: 't'.repeat(40) }).ok).toBe(false);
    const forged = `v1=${Buffer.alloc(32, 1).toString('base64url')}`;
    expect(verify({ ...signed, [INTERNAL_HEADERS.signature]: forged })).toMatchObject({ ok: false, reason: 'bad signature' });
    expect(verify({ ...signed, [INTERNAL_HEADERS.signature]: 'v1=abc' })).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it('expires after the TTL', () => {
    expect(verify(signed, { now: NOW + SIGNATURE_TTL_MS }).ok).toBe(true);
    expect(verify(signed, { now: NOW + SIGNATURE_TTL_MS + 1 })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a signed user context of the wrong shape', () => {
    const odd = { ...USER, roles: ['superuser'] } as unknown as UserContext;
    const h = signRequest(SECRET, { method: 'POST', path: PATH, body: BODY, user: odd, deadline: NOW + 5000 }, NOW);
    expect(verify(h)).toMatchObject({ ok: false, reason: 'malformed user' });
  });
});
