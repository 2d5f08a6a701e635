// POST /patients (form) and POST /api/v1/patients (JSON): register a patient.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { auditInTransaction } from '../audit.js';
import { insertPatient, toPatientJson } from '../repo.js';
import { patientSchema } from '../schemas.js';
import { validateInput } from '../validation.js';
import { patientsDb } from './common.js';

/**
 * Invalid input throws 422 with field messages before anything is written; a
 * duplicate NIK throws 409 with a message on the NIK field. Both re-render the
 * form inline for the page route (the worker host does that when `fields` are
 * present). The MRN is assigned, and the audit entry written, inside the
 * insert's transaction.
 */
export async function createPatient(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const patient = validateInput(patientSchema, input.body, { form: input.form });
  const row = await insertPatient(patientsDb(ctx), patient, ctx.user?.id ?? null, new Date(), auditInTransaction(ctx, 'create'));
  // Ids only in logs: a name or NIK in a log line is patient data leaving the database.
  ctx.log.info({ patientId: row.id }, 'patient registered');
  return {
    status: 201,
    data: toPatientJson(row),
    // Page route: 303 to the new record (HX-Redirect under htmx); the API ignores it.
    redirect: `/patients/${row.id}`,
  };
}
