// A running clinic for the clinical suites: one Bilik, one staff account per
// role (plus the admin), a bearer token and a browser session for each, and
// small request helpers that never throw on a status.
import { createStaff, loginWithForm, startBilik, ADMIN_PASSWORD, type Bilik, type StartOptions } from './server.js';

export const CLINIC_ROLES = ['admin', 'doctor', 'nurse', 'front_desk', 'cashier'] as const;
export type ClinicRole = (typeof CLINIC_ROLES)[number];

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface StaffSession {
  id: number;
  username: string;
  password: string;
  token: string;
}

export interface Clinic {
  b: Bilik;
  url: string;
  staff: Record<ClinicRole, StaffSession>;
  /** JSON API call as one role (bearer token). */
  api(role: ClinicRole, method: string, path: string, body?: unknown): Promise<Reply>;
  /** A browser-style request as one role (session cookie, CSRF on unsafe methods); forms are url-encoded. */
  page(role: ClinicRole, method: string, path: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<Reply>;
  /** A browser session (cookie + CSRF) for a role, made on first use. */
  browser(role: ClinicRole): Promise<{ cookie: string; csrf: string }>;
  stop(): Promise<void>;
}

export const STAFF_PASSWORD = 'Klinik-Sehat-2026!';

async function parse(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* HTML or empty */
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** Starts Bilik and creates dr. Ratna (doctor), Ns. Bayu (nurse), Dewi (front desk), Agus (cashier). */
export async function startClinic(opts: StartOptions = {}): Promise<Clinic> {
  return clinicOn(await startBilik(opts));
}

/** The same staff and helpers on a Bilik already running (e.g. a split-mode gateway). */
export async function clinicOn(b: Bilik): Promise<Clinic> {
  const url = b.url;
  const adminToken = await b.loginApi('admin', ADMIN_PASSWORD);
  const staff = { admin: { id: 1, username: 'admin', password: ADMIN_PASSWORD, token: adminToken } } as Record<ClinicRole, StaffSession>;
  const names: Record<Exclude<ClinicRole, 'admin'>, string> = { doctor: 'dr. Ratna Sari', nurse: 'Ns. Bayu Pratama', front_desk: 'Dewi Lestari', cashier: 'Agus Salim' };
  for (const role of ['doctor', 'nurse', 'front_desk', 'cashier'] as const) {
    const username = role.replace('_', '');
    const u = await createStaff(url, adminToken, { username, password: STAFF_PASSWORD, roles: [role], fullName: names[role] });
    staff[role] = { id: u.id, username, password: STAFF_PASSWORD, token: await b.loginApi(username, STAFF_PASSWORD) };
  }
  const sessions = new Map<ClinicRole, { cookie: string; csrf: string }>();
  const browser = async (role: ClinicRole) => {
    let s = sessions.get(role);
    if (!s) {
      s = await loginWithForm(url, staff[role].username, staff[role].password);
      sessions.set(role, s);
    }
    return s;
  };
  return {
    b,
    url,
    staff,
    browser,
    async api(role, method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${staff[role].token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return parse(res);
    },
    async page(role, method, path, form, headers = {}) {
      const s = await browser(role);
      const unsafe = method !== 'GET' && method !== 'HEAD';
      const res = await fetch(`${url}${path}`, {
        method,
        redirect: 'manual',
        headers: { cookie: s.cookie, ...(unsafe && { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': s.csrf }), ...headers },
        ...(unsafe && { body: new URLSearchParams({ _csrf: s.csrf, ...form }).toString() }),
      });
      return parse(res);
    },
    async stop() {
      await b.stop();
    },
  };
}
