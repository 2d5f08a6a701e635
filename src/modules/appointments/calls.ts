// Everything appointments asks of other modules, in one place. Each lookup
// degrades (rule 4): a callee that is down yields `available: false` and the
// page shows ids/MRNs with a note; only the writes that cannot be half-done
// (a walk-in needs a real patient and an encounter) refuse with a 503.
import { validationError } from '../../kernel/index.js';
import type { HandlerContext } from '../../kernel/index.js';
import { AppointmentErrors, fail } from './errors.js';

export interface PatientSummary {
  id: number;
  mrn: string;
  fullName: string;
}

export interface Person {
  id: number;
  fullName: string;
}

export interface EncounterState {
  id: number;
  status: string;
  news2: { score: number; risk: string } | null;
}

function codeOf(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Names and MRNs for patient ids; `available: false` when patients did not answer. */
export async function patientSummaries(ctx: HandlerContext, ids: readonly number[]): Promise<{ available: boolean; byId: Map<number, PatientSummary> }> {
  const byId = new Map<number, PatientSummary>();
  const distinct = [...new Set(ids)];
  try {
    for (const part of chunks(distinct, 100)) {
      const rows = await ctx.call<PatientSummary[]>('patients', 'getPatientSummaries', { ids: part });
      for (const r of Array.isArray(rows) ? rows : []) byId.set(Number(r.id), { id: Number(r.id), mrn: String(r.mrn), fullName: String(r.fullName) });
    }
    return { available: true, byId };
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'patients.getPatientSummaries' }, 'patients lookup failed; showing MRNs');
    return { available: false, byId };
  }
}

/**
 * The one patient a write is about. Unknown → 422 on `patientId` (nothing is
 * stored); patients down → 503, because a queue entry for a patient nobody
 * could check would be a half-made visit.
 */
export async function requirePatient(ctx: HandlerContext, patientId: number): Promise<PatientSummary> {
  const { available, byId } = await patientSummaries(ctx, [patientId]);
  if (!available) throw fail(AppointmentErrors.PATIENTS_UNAVAILABLE);
  const p = byId.get(patientId);
  if (!p) throw validationError({ patientId: 'appointments.error.patientId.unknown' });
  return p;
}

/** Active doctors by name; `available: false` when staff did not answer (pages then show "staf #id"). */
export async function listDoctors(ctx: HandlerContext): Promise<{ available: boolean; doctors: Person[] }> {
  try {
    const rows = await ctx.call<Person[]>('staff', 'listStaff', { role: 'doctor' });
    return { available: true, doctors: (Array.isArray(rows) ? rows : []).map((r) => ({ id: Number(r.id), fullName: String(r.fullName) })) };
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'staff.listStaff' }, 'staff lookup failed; showing staff ids');
    return { available: false, doctors: [] };
  }
}

/**
 * A doctor id must name an active doctor when staff can tell; when staff is
 * down the id is accepted (the page shows "staf #id" until it is back).
 */
export async function requireDoctor(ctx: HandlerContext, doctorId: number, field = 'doctorId'): Promise<void> {
  const { available, doctors } = await listDoctors(ctx);
  if (available && !doctors.some((d) => d.id === doctorId)) throw validationError({ [field]: 'appointments.error.doctorId.unknown' });
}

/** Encounter statuses and NEWS2 for the board; `available: false` when records did not answer. */
export async function encounterStates(ctx: HandlerContext, ids: readonly number[]): Promise<{ available: boolean; byId: Map<number, EncounterState> }> {
  const byId = new Map<number, EncounterState>();
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return { available: true, byId };
  try {
    for (const part of chunks(distinct, 200)) {
      const rows = await ctx.call<EncounterState[]>('records', 'getEncounterStates', { ids: part });
      for (const r of Array.isArray(rows) ? rows : []) {
        const news2 = r.news2 && typeof r.news2.score === 'number' ? { score: r.news2.score, risk: String(r.news2.risk) } : null;
        byId.set(Number(r.id), { id: Number(r.id), status: String(r.status), news2 });
      }
    }
    return { available: true, byId };
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'records.getEncounterStates' }, 'records lookup failed; showing stored statuses');
    return { available: false, byId };
  }
}

export interface OpenEncounterArgs {
  queueEntryId: number;
  patientId: number;
  poliId: number;
  poliName: string;
  doctorId: number | null;
  queueNumber: string;
}

/** records.openEncounter (idempotent on queueEntryId); any failure is a 503 for the caller. */
export async function openEncounter(ctx: HandlerContext, args: OpenEncounterArgs): Promise<{ encounterId: number; status: string }> {
  try {
    const r = await ctx.call<{ encounterId: number; status: string }>('records', 'openEncounter', args);
    const encounterId = Number(r?.encounterId);
    if (!Number.isSafeInteger(encounterId) || encounterId <= 0) throw new Error('records.openEncounter returned no encounter id');
    return { encounterId, status: String(r.status) };
  } catch (err) {
    ctx.log.warn({ code: codeOf(err), callee: 'records.openEncounter', queueEntryId: args.queueEntryId }, 'could not open the encounter');
    throw fail(AppointmentErrors.RECORDS_UNAVAILABLE);
  }
}

/**
 * records.cancelEncounter. An encounter already under way answers 409
 * ENCOUNTER_STATE: then the queue entry may not be cancelled either.
 */
export async function cancelEncounter(ctx: HandlerContext, encounterId: number): Promise<void> {
  try {
    await ctx.call('records', 'cancelEncounter', { encounterId });
  } catch (err) {
    const code = codeOf(err);
    if (code === 'RECORDS_ENCOUNTER_STATE' || code === 'ENCOUNTER_STATE' || (err as { status?: number }).status === 409) throw fail(AppointmentErrors.QUEUE_STATE);
    ctx.log.warn({ code, callee: 'records.cancelEncounter', encounterId }, 'could not cancel the encounter');
    throw fail(AppointmentErrors.RECORDS_UNAVAILABLE);
  }
}
