// POST /patients/:id (edit form) and PATCH /api/v1/patients/:id (JSON).
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { auditInTransaction } from '../audit.js';
import { patientNotFound } from '../errors.js';
import { findPatient, toPatientJson, updatePatient as writePatient } from '../repo.js';
import { patientPatchSchema, patientSchema } from '../schemas.js';
import type { PatientInput } from '../schemas.js';
import { validateInput } from '../validation.js';
import { definedOnly, patientIdFrom, patientsDb } from './common.js';

/**
 * The two callers mean different things:
 * - the edit form always posts every field, so an empty optional field means
 *   "cleared" and the body is validated as a whole patient;
 * - a PATCH sends only what changes. It is validated field by field, then merged
 *   over the stored record and checked as a whole, because a new birth date can
 *   contradict the unchanged NIK. Only the sent fields are written.
 */
export async function updatePatient(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = patientIdFrom(input);
  const db = patientsDb(ctx);
  const existing = await findPatient(db, id);
  if (!existing) throw patientNotFound();

  let changes: Partial<PatientInput>;
  if (input.form) {
    const whole = validateInput(patientSchema, input.body, { form: true });
    changes = { phone: null, address: null, bpjsNumber: null, insurerName: null, policyNumber: null, ...definedOnly(whole) };
  } else {
    const patch = definedOnly(validateInput(patientPatchSchema, input.body));
    const stored = toPatientJson(existing);
    const merged = {
      nik: stored.nik,
      fullName: stored.fullName,
      sex: stored.sex,
      birthDate: stored.birthDate,
      phone: stored.phone,
      address: stored.address,
      payer: stored.payer,
      bpjsNumber: stored.bpjsNumber,
      insurerName: stored.insurerName,
      policyNumber: stored.policyNumber,
      ...patch,
    };
    validateInput(patientSchema, merged);
    changes = patch;
  }

  // The audit entry is written in the update's transaction: no change without its entry.
  const row = await writePatient(db, id, changes, new Date(), auditInTransaction(ctx, 'update'));
  // Deleted between the read and the write: same answer as an unknown id.
  if (!row) throw patientNotFound();
  ctx.log.info({ patientId: id, fields: Object.keys(changes) }, 'patient updated');
  return { data: toPatientJson(row), redirect: `/patients/${id}` };
}
