// GET /patients/:id/edit: the edit form, filled with the stored record.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { auditRead } from '../audit.js';
import { patientNotFound } from '../errors.js';
import { findPatient, toPatientJson } from '../repo.js';
import { formValuesOf, patientIdFrom, patientsDb } from './common.js';

/**
 * Same data keys as the worker host's re-render after a failed POST
 * (`values`, `errors`, `params`), so the form template cannot tell a first
 * render from a re-render except by the errors it carries.
 */
export async function editPatientForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = patientIdFrom(input);
  const row = await findPatient(patientsDb(ctx), id);
  if (!row) throw patientNotFound();
  // The form shows the whole record (NIK, phone, address): opening it is a read.
  await auditRead(patientsDb(ctx), ctx, id);
  const patient = toPatientJson(row);
  return {
    data: {
      values: formValuesOf(patient),
      errors: {},
      params: { id: String(id) },
    },
    title: ctx.t('patients.title.editMrn', { mrn: patient.mrn }),
  };
}
