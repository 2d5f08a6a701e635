// GET /patients/:id (page) and GET /api/v1/patients/:id (JSON).
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { patientNotFound } from '../errors.js';
import { findPatient, toPatientJson } from '../repo.js';
import type { PatientJson } from '../schemas.js';
import { ageToday, patientIdFrom, patientsDb } from './common.js';

/**
 * Who registered the patient, as far as the staff module can tell us right
 * now. `name` and `note` are in the caller's language ("staf #7" / "staff #7").
 */
export interface RegisteredBy {
  id: number | null;
  name: string;
  /** False when the name could not be looked up; the view marks the gap. */
  resolved: boolean;
  note?: string;
}

/**
 * Rule 4 of the architecture: a callee that is down must not take the page with
 * it. The staff lookup is decoration; the patient record is the page.
 */
async function resolveRegisteredBy(createdBy: number | null, ctx: HandlerContext): Promise<RegisteredBy> {
  if (createdBy === null) return { id: null, name: ctx.t('patients.registeredBy.system'), resolved: true };
  try {
    const users = await ctx.call<Array<{ id: number; fullName: string }>>('staff', 'getUserSummaries', { ids: [createdBy] });
    const user = Array.isArray(users) ? users.find((u) => u.id === createdBy) : undefined;
    if (user) return { id: createdBy, name: user.fullName, resolved: true };
    return { id: createdBy, name: ctx.t('patients.registeredBy.staff', { id: createdBy }), resolved: false, note: ctx.t('patients.registeredBy.notFound') };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    ctx.log.warn({ code, callee: 'staff.getUserSummaries' }, 'staff lookup failed; showing the id instead');
    return { id: createdBy, name: ctx.t('patients.registeredBy.staff', { id: createdBy }), resolved: false, note: ctx.t('patients.registeredBy.directoryDown') };
  }
}

/**
 * Returns the patient's JSON shape plus `registeredBy`: the API gains a field,
 * and the page (getPatientPage) the same object with the age added.
 */
export async function getPatient(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { patient, registeredBy } = await load(input, ctx);
  return { data: { ...patient, registeredBy } };
}

/** The record page: the same data plus the age on the clinic's calendar day. */
export async function getPatientPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { patient, registeredBy } = await load(input, ctx);
  return { data: { ...patient, registeredBy, age: ageToday(patient.birthDate, ctx) }, title: `${patient.fullName} · ${patient.mrn}` };
}

async function load(input: RequestInput, ctx: HandlerContext): Promise<{ patient: PatientJson; registeredBy: RegisteredBy }> {
  const id = patientIdFrom(input);
  const row = await findPatient(patientsDb(ctx), id);
  if (!row) throw patientNotFound();
  return { patient: toPatientJson(row), registeredBy: await resolveRegisteredBy(row.created_by, ctx) };
}
