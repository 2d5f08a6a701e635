// GET /patients/:id (page) and GET /api/v1/patients/:id (JSON). Opening one
// patient's record is audited (action read) once the record is found.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { auditRead } from '../audit.js';
import { patientNotFound } from '../errors.js';
import { findPatient, toPatientJson } from '../repo.js';
import type { PatientRow } from '../repo.js';
import type { PatientJson } from '../schemas.js';
import { ageToday, patientIdFrom, patientsDb } from './common.js';
import { loadVisits, staffNames, withDoctorNames } from './visit-history.js';
import type { VisitHistory } from './visit-history.js';

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
function registeredByOf(createdBy: number | null, staff: { names: Map<number, string>; down: boolean }, ctx: HandlerContext): RegisteredBy {
  if (createdBy === null) return { id: null, name: ctx.t('patients.registeredBy.system'), resolved: true };
  const name = staff.names.get(createdBy);
  if (name !== undefined) return { id: createdBy, name, resolved: true };
  const fallback = ctx.t('patients.registeredBy.staff', { id: createdBy });
  const note = ctx.t(staff.down ? 'patients.registeredBy.directoryDown' : 'patients.registeredBy.notFound');
  return { id: createdBy, name: fallback, resolved: false, note };
}

/**
 * Returns the patient's JSON shape plus `registeredBy`: the API gains a field,
 * and the page (getPatientPage) the same object with the age and visit history added.
 */
export async function getPatient(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const row = await load(input, ctx);
  const staff = await staffNames(ctx, row.created_by === null ? [] : [row.created_by]);
  return { data: { ...toPatientJson(row), registeredBy: registeredByOf(row.created_by, staff, ctx) } };
}

/**
 * The record page: demographics, age on the clinic's calendar day, and the
 * visit history from records (newest first). Doctor names and the registrar
 * come from staff in one call. Neither callee can fail the page.
 */
export async function getPatientPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const row = await load(input, ctx);
  const patient: PatientJson = toPatientJson(row);
  const { available, visits } = await loadVisits(ctx, row.id);
  const doctorIds = visits.flatMap((v) => (typeof v.doctorId === 'number' ? [v.doctorId] : []));
  const staff = await staffNames(ctx, [...(row.created_by === null ? [] : [row.created_by]), ...doctorIds]);
  const history: VisitHistory = { available, items: withDoctorNames(ctx, visits, staff.names) };
  return {
    data: { ...patient, registeredBy: registeredByOf(row.created_by, staff, ctx), age: ageToday(patient.birthDate, ctx), history },
    title: `${patient.fullName} · ${patient.mrn}`,
  };
}

/** The stored row, audited as read; 404 (and no entry) for an unknown id. */
async function load(input: RequestInput, ctx: HandlerContext): Promise<PatientRow> {
  const id = patientIdFrom(input);
  const db = patientsDb(ctx);
  const row = await findPatient(db, id);
  if (!row) throw patientNotFound();
  await auditRead(db, ctx, id);
  return row;
}
