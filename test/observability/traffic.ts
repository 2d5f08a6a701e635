// A little of everything a clinic day produces, so every metric family has
// series: pages and fragments of every module as the roles that use them, JSON
// reads and writes, 4xx (validation, not found, forbidden, unknown paths) and
// 5xx (a fault injected into patients through POST /_chaos; BILIK_CHAOS=1).
import type { ModuleManifest } from '../../src/kernel/types.js';
import { modules } from '../../src/modules/index.js';
import { CLINIC_ROLES, type Clinic } from '../support/clinic.js';

export const CHAOS_ENV = { BILIK_CHAOS: '1' };

const PATIENT = { nik: '3171011205900001', fullName: 'Budi Santoso', sex: 'M', birthDate: '1990-05-12', payer: 'general' };

export interface TrafficReport {
  statuses: Record<string, number>;
}

export async function generateTraffic(c: Clinic, round = 0): Promise<TrafficReport> {
  const statuses: Record<string, number> = {};
  const count = (status: number) => {
    const k = `${Math.floor(status / 100)}xx`;
    statuses[k] = (statuses[k] ?? 0) + 1;
  };

  // Writes and reads through the JSON API (2xx), with a 422, a 404 and a 403.
  const nik = `317101120590${String(1 + round).padStart(4, '0')}`;
  const created = await c.api('front_desk', 'POST', '/api/v1/patients', { ...PATIENT, nik });
  count(created.status);
  const id = created.body?.id ?? 1;
  for (const r of [
    await c.api('front_desk', 'GET', `/api/v1/patients?q=Budi`),
    await c.api('front_desk', 'GET', `/api/v1/patients/${id}`),
    await c.api('front_desk', 'GET', '/api/v1/patients/987654'),
    await c.api('front_desk', 'POST', '/api/v1/patients', { nik: 'x' }),
    await c.api('cashier', 'GET', '/api/v1/staff/users'),
    await c.api('admin', 'GET', '/api/v1/staff/users'),
    await c.api('doctor', 'GET', '/api/v1/appointments/queue'),
    await c.api('cashier', 'GET', '/api/v1/billing/invoices'),
    await c.api('admin', 'GET', '/api/v1/audit'),
  ]) {
    count(r.status);
  }

  // Every role opens its home and every nav page and panel of every module
  // (some answer 403: that is 4xx traffic too).
  const pages = ['/', ...(modules as readonly ModuleManifest[]).flatMap((m) => [...(m.nav ?? []).map((n) => n.path), ...(m.panels ?? []).map((p) => p.path)])];
  for (const role of CLINIC_ROLES) {
    for (const p of pages) count((await c.page(role, 'GET', p)).status);
  }

  // Unknown paths (with ids in them: they must not become label values) and a static file.
  for (const p of ['/no/such/page/12345', '/patients/12345/nothing', '/static/app.css', '/static/missing-9876.css']) {
    count((await fetch(`${c.url}${p}`)).status);
  }

  // 5xx: patients throws for its next three calls.
  const chaos = await fetch(`${c.url}/_chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.staff.admin.token}` },
    body: JSON.stringify({ module: 'patients', fault: 'throw', times: 3 }),
  });
  if (chaos.status !== 200) throw new Error(`POST /_chaos: HTTP ${chaos.status} (is BILIK_CHAOS=1 set?)`);
  for (let i = 0; i < 3; i++) count((await c.api('front_desk', 'GET', '/api/v1/patients?q=Siti')).status);
  return { statuses };
}
