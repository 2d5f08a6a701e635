// GET /patients/:id (page) and GET /api/v1/patients/:id (JSON).
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { patientNotFound } from '../errors.js';
import { findPatient, toPatientJson } from '../repo.js';
import { patientIdFrom, patientsDb } from './common.js';

/** Who registered the patient, as far as the staff module can tell us right now. */
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
  if (createdBy === null) return { id: null, name: 'System (demo data)', resolved: true };
  try {
    const users = await ctx.call<Array<{ id: number; fullName: string }>>('staff', 'getUserSummaries', { ids: [createdBy] });
    const user = Array.isArray(users) ? users.find((u) => u.id === createdBy) : undefined;
    if (user) return { id: createdBy, name: user.fullName, resolved: true };
    return { id: createdBy, name: `staff #${createdBy}`, resolved: false, note: 'account not found' };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    ctx.log.warn({ code, callee: 'staff.getUserSummaries' }, 'staff lookup failed; showing the id instead');
    return { id: createdBy, name: `staff #${createdBy}`, resolved: false, note: 'staff directory temporarily unavailable' };
  }
}

/**
 * Returns the patient's JSON shape plus `registeredBy`, one object for both
 * renderings: the API gains a field, the page gets everything it shows.
 */
export async function getPatient(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = patientIdFrom(input);
  const row = await findPatient(patientsDb(ctx), id);
  if (!row) throw patientNotFound();
  const registeredBy = await resolveRegisteredBy(row.created_by, ctx);
  const patient = toPatientJson(row);
  return { data: { ...patient, registeredBy }, title: `${patient.fullName} · ${patient.mrn}` };
}
