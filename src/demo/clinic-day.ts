// The demo clinic's day: on a fresh demo install, today's visits are made the
// way staff make them, through the JSON API over loopback, as the demo front
// desk, nurse, doctors and cashier. So every demo visit passed the same
// validation, state machine, contracts and audit log as a real one, and no
// module's tables are written behind its back (rule 1 of the architecture).
//
// A few visits are finished and paid, some are invoiced, some are with the
// doctor, some wait for vitals (one with a high NEWS2 score), one did not show
// up, one was cancelled, and a few are booked for later.

interface Poli {
  id: number;
  code: string;
}

interface Visit {
  poli: string;
  /** How far the visit has got. */
  stage: 'booked' | 'waiting' | 'vitals' | 'called' | 'consulting' | 'finished' | 'invoiced' | 'partial' | 'paid' | 'no-show' | 'cancelled';
  payer?: 'bpjs';
  vitals?: Partial<typeof NORMAL>;
  diagnosis?: string;
  secondary?: string;
  procedure?: string;
  drugs?: Array<[string, number]>;
  complaint?: string;
}

const NORMAL = { systolic: 122, diastolic: 78, pulse: 76, respRate: 16, temperature: 36.7, spo2: 98, onOxygen: false, consciousness: 'alert', weightKg: 58, heightCm: 160 };

// Roughly a Tuesday morning at a klinik pratama: mostly Poli Umum, some dental
// and mother-and-child visits.
const DAY: Visit[] = [
  { poli: 'UMUM', stage: 'paid', diagnosis: 'J06.9', drugs: [['PCT500', 10], ['AMB30', 10]], complaint: 'Batuk pilek dan demam 3 hari' },
  { poli: 'UMUM', stage: 'paid', diagnosis: 'I10', drugs: [['AML5', 30]], vitals: { systolic: 158, diastolic: 96 }, complaint: 'Kontrol tekanan darah' },
  { poli: 'UMUM', stage: 'paid', payer: 'bpjs', diagnosis: 'E11.9', secondary: 'I10', drugs: [['MET500', 60], ['AML5', 30]], complaint: 'Kontrol gula darah' },
  { poli: 'UMUM', stage: 'paid', diagnosis: 'K29.7', drugs: [['ANT200', 15], ['OME20', 14]], complaint: 'Nyeri ulu hati' },
  { poli: 'GIGI', stage: 'paid', diagnosis: 'K02.9', procedure: '23.09', drugs: [['MEF500', 10]], complaint: 'Gigi geraham berlubang dan nyeri' },
  { poli: 'KIA', stage: 'paid', payer: 'bpjs', diagnosis: 'J06.9', drugs: [['PCTSYR', 1]], vitals: { weightKg: 12, heightCm: 86, pulse: 110, respRate: 26 }, complaint: 'Anak demam dan pilek' },
  { poli: 'UMUM', stage: 'partial', diagnosis: 'S61.9', procedure: '86.59', drugs: [['AMX500', 15]], complaint: 'Luka robek di telapak tangan' },
  { poli: 'UMUM', stage: 'invoiced', diagnosis: 'J06.9', procedure: '89.52', drugs: [['PCT500', 10]], complaint: 'Demam, nyeri dada ringan' },
  { poli: 'GIGI', stage: 'invoiced', diagnosis: 'K04.0', drugs: [['MEF500', 10]], complaint: 'Gigi ngilu berdenyut' },
  { poli: 'UMUM', stage: 'invoiced', payer: 'bpjs', diagnosis: 'I10', complaint: 'Pusing, riwayat hipertensi' },
  { poli: 'UMUM', stage: 'finished', diagnosis: 'K29.7', drugs: [['ANT200', 15]], complaint: 'Mual dan perih' },
  { poli: 'KIA', stage: 'finished', diagnosis: 'J06.9', drugs: [['PCTSYR', 1], ['AMXSYR', 1]], complaint: 'Batuk pada anak' },
  { poli: 'UMUM', stage: 'finished', payer: 'bpjs', diagnosis: 'E11.9', drugs: [['MET500', 60]], complaint: 'Kontrol diabetes' },
  { poli: 'UMUM', stage: 'consulting', complaint: 'Sesak napas saat aktivitas', vitals: { respRate: 22, spo2: 95 } },
  { poli: 'GIGI', stage: 'consulting', complaint: 'Gusi bengkak' },
  { poli: 'KIA', stage: 'consulting', complaint: 'Periksa kehamilan rutin', vitals: { systolic: 112, diastolic: 72 } },
  { poli: 'UMUM', stage: 'called', complaint: 'Gatal-gatal di lengan' },
  { poli: 'UMUM', stage: 'called', complaint: 'Nyeri sendi lutut' },
  // High NEWS2: fast breathing, low SpO2, tachycardic, febrile, low blood pressure.
  { poli: 'UMUM', stage: 'vitals', complaint: 'Demam tinggi dan sesak', vitals: { respRate: 26, spo2: 91, pulse: 124, temperature: 39.4, systolic: 98, diastolic: 60 } },
  { poli: 'UMUM', stage: 'vitals', complaint: 'Diare sejak kemarin', vitals: { pulse: 104, temperature: 38.4, systolic: 104 } },
  { poli: 'UMUM', stage: 'vitals', complaint: 'Sakit kepala' },
  { poli: 'GIGI', stage: 'vitals', complaint: 'Kontrol tambalan' },
  { poli: 'KIA', stage: 'vitals', complaint: 'Imunisasi anak', vitals: { weightKg: 8, heightCm: 72, pulse: 118, respRate: 30 } },
  { poli: 'UMUM', stage: 'waiting', complaint: 'Batuk berdahak' },
  { poli: 'UMUM', stage: 'waiting' },
  { poli: 'UMUM', stage: 'waiting' },
  { poli: 'GIGI', stage: 'waiting' },
  { poli: 'KIA', stage: 'waiting' },
  { poli: 'UMUM', stage: 'no-show' },
  { poli: 'GIGI', stage: 'cancelled' },
  { poli: 'UMUM', stage: 'booked' },
  { poli: 'KIA', stage: 'booked' },
];

export const DEMO_VISITS = DAY.length;

/** The staff module's demo accounts (its seed prints them at start; the demo test logs in with them). */
export const DEMO_USERS: Record<Who, string> = { frontDesk: 'pendaftaran', nurse: 'perawat', doctor: 'dokter', doctor2: 'dokter2', dentist: 'drgigi', cashier: 'kasir' };
export const DEMO_PASSWORD = 'bilik-demo-2026';

type Who = 'frontDesk' | 'nurse' | 'doctor' | 'doctor2' | 'dentist' | 'cashier';

export interface DemoDayOptions {
  url: string;
  timeZone: string;
  log: (msg: string) => void;
}

class Api {
  private tokens = new Map<Who, string>();
  constructor(
    private readonly url: string,
    private readonly users: Record<Who, string>,
    private readonly password: string,
  ) {}

  async token(who: Who): Promise<string> {
    let t = this.tokens.get(who);
    if (!t) {
      const r = await fetch(`${this.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: this.users[who], password: this.password }) });
      if (r.status !== 200) throw new Error(`demo login ${this.users[who]}: HTTP ${r.status}`);
      t = ((await r.json()) as { token: string }).token;
      this.tokens.set(who, t);
    }
    return t;
  }

  async call<T = any>(who: Who, method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(who)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`demo ${method} ${path}: HTTP ${r.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/**
 * The next working day (Mon–Sat, the demo schedules) at 08:30, 08:45 …: always
 * in the future, whatever the hour the demo starts.
 */
function bookingSlot(timeZone: string, i: number): { date: string; time: string } {
  let day = new Date(Date.now() + 24 * 3600_000);
  const weekday = (d: Date) => new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(d);
  if (weekday(day) === 'Sun') day = new Date(day.getTime() + 24 * 3600_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(day);
  const minutes = 8 * 60 + 30 + i * 15;
  return { date, time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` };
}

/**
 * Makes today's demo visits. Throws on the first refusal: a demo that cannot
 * be made through the API is a bug worth seeing at start.
 */
export async function makeDemoDay(opts: DemoDayOptions): Promise<{ visits: number; invoices: number }> {
  const api = new Api(opts.url, DEMO_USERS, DEMO_PASSWORD);
  const polis = await api.call<Poli[]>('frontDesk', 'GET', '/api/v1/appointments/polis');
  const poliId = (code: string) => {
    const p = polis.find((x) => x.code === code);
    if (!p) throw new Error(`demo poli ${code} is missing`);
    return p.id;
  };
  const me = async (who: Who) => (await api.call<{ id: number }>(who, 'GET', '/api/v1/staff/me')).id;
  // The demo schedules: the dentist at Poli Gigi, dr. Ratna at Poli Umum, dr. Yusuf at Poli KIA.
  const ids = { doctor: await me('doctor'), doctor2: await me('doctor2'), dentist: await me('dentist') };
  const doctorFor = (poli: string): { who: Who; id: number } => {
    const who = poli === 'GIGI' ? 'dentist' : poli === 'KIA' ? 'doctor2' : 'doctor';
    return { who, id: ids[who] };
  };

  // Patients: the newest registrations first; BPJS visits need BPJS patients.
  const pool: Array<{ id: number; payer: string }> = [];
  for (let page = 1; page <= 4; page++) {
    pool.push(...(await api.call<{ items: Array<{ id: number; payer: string }> }>('frontDesk', 'GET', `/api/v1/patients?page=${page}`)).items);
  }
  const bpjs = pool.filter((p) => p.payer === 'bpjs');
  const other = pool.filter((p) => p.payer !== 'bpjs');
  if (bpjs.length < 6 || other.length < 30) throw new Error('demo patients are missing');

  let invoices = 0;
  let booked = 0;
  for (const [i, v] of DAY.entries()) {
    const patient = v.payer === 'bpjs' ? bpjs.shift()! : other.shift()!;
    const doc = doctorFor(v.poli);
    if (v.stage === 'booked') {
      await api.call('frontDesk', 'POST', '/api/v1/appointments/bookings', { patientId: patient.id, poliId: poliId(v.poli), doctorId: doc.id, ...bookingSlot(opts.timeZone, booked++) });
      continue;
    }
    const q = await api.call<{ id: number; encounterId: number }>('frontDesk', 'POST', '/api/v1/appointments/queue', { patientId: patient.id, poliId: poliId(v.poli), doctorId: doc.id });
    const enc = `/api/v1/records/encounters/${q.encounterId}`;
    if (v.stage === 'no-show') {
      await api.call('frontDesk', 'POST', `/api/v1/appointments/queue/${q.id}/no-show`, {});
      continue;
    }
    if (v.stage === 'cancelled') {
      await api.call('frontDesk', 'POST', `/api/v1/appointments/queue/${q.id}/cancel`, {});
      continue;
    }
    if (v.stage === 'waiting') continue;
    if (v.complaint) await api.call('nurse', 'POST', `${enc}/triage`, { chiefComplaint: v.complaint });
    await api.call('nurse', 'POST', `${enc}/vitals`, { ...NORMAL, ...v.vitals });
    if (v.stage === 'vitals') continue;
    await api.call(doc.who, 'POST', `/api/v1/appointments/queue/${q.id}/call`, {});
    if (v.stage === 'called') continue;
    await api.call(doc.who, 'POST', `${enc}/start`, {});
    if (v.stage === 'consulting') continue;
    await api.call(doc.who, 'POST', `${enc}/soap`, {
      subjective: v.complaint ?? 'Keluhan sesuai catatan triase.',
      objective: 'Keadaan umum baik, kesadaran compos mentis.',
      assessment: 'Sesuai diagnosis.',
      plan: 'Terapi sesuai resep, edukasi, kontrol bila keluhan menetap.',
    });
    await api.call(doc.who, 'POST', `${enc}/diagnoses`, { code: v.diagnosis, primary: true });
    if (v.secondary) await api.call(doc.who, 'POST', `${enc}/diagnoses`, { code: v.secondary, primary: false });
    if (v.procedure) await api.call(doc.who, 'POST', `${enc}/procedures`, { code: v.procedure });
    for (const [drugCode, quantity] of v.drugs ?? []) {
      const syrup = drugCode.endsWith('SYR');
      const rx = syrup ? { dose: '1 sendok takar (5 mL)', frequency: '3x sehari', durationDays: 5 } : { dose: '1 tablet', frequency: quantity >= 30 ? '1x sehari' : '3x sehari', durationDays: quantity >= 30 ? 30 : Math.max(1, Math.ceil(quantity / 3)) };
      await api.call(doc.who, 'POST', `${enc}/prescriptions`, { drugCode, quantity, ...rx });
    }
    await api.call(doc.who, 'POST', `${enc}/finish`, {});
    if (v.stage === 'finished') continue;
    const inv = await api.call<{ id: number; balance: number }>('cashier', 'POST', '/api/v1/billing/invoices', { encounterId: q.encounterId });
    invoices += 1;
    if (v.stage === 'invoiced' || inv.balance === 0) continue;
    if (v.stage === 'partial') {
      await api.call('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: Math.floor(inv.balance / 2 / 1000) * 1000 || 1, method: 'cash' });
      continue;
    }
    const method = (['cash', 'transfer', 'card'] as const)[i % 3];
    await api.call('cashier', 'POST', `/api/v1/billing/invoices/${inv.id}/payments`, { amount: inv.balance, method });
  }
  opts.log(`demo: today's clinic is ready (${DAY.length} visits, ${invoices} invoices)`);
  return { visits: DAY.length, invoices };
}
