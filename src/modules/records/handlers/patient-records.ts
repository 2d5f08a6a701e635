// Per-patient records: allergies (nurse and doctor) and visit history (doctor).
// Records knows a patient once they have an encounter here; any other id is 404.
import { BilikError, validate, writeAudit } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { RecordsErrors } from '../errors.js';
import { listAllergies, patientKnown, visitHistory } from '../repo.js';
import { allergySchema, historyQuerySchema } from '../schemas.js';
import { addAllergy as insertAllergy } from '../writes.js';
import { idParam, recordsDb } from './common.js';

const patientNotFound = () => new BilikError(RecordsErrors.PATIENT_NOT_FOUND);

async function knownPatient(input: RequestInput, ctx: HandlerContext): Promise<number> {
  const patientId = idParam(input, 'patientId', patientNotFound);
  if (!(await patientKnown(recordsDb(ctx), patientId))) throw patientNotFound();
  return patientId;
}

export async function listPatientAllergies(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const patientId = await knownPatient(input, ctx);
  const items = await listAllergies(recordsDb(ctx), patientId);
  await writeAudit(recordsDb(ctx), ctx, { action: 'read', entity: 'allergies', patientId });
  return { data: { patientId, items } };
}

export async function addPatientAllergy(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const a = validate(allergySchema, input.body);
  const patientId = await knownPatient(input, ctx);
  return { status: 201, data: await insertAllergy(recordsDb(ctx), ctx, patientId, a) };
}

export async function patientEncounters(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const patientId = await knownPatient(input, ctx);
  const { limit } = validate(historyQuerySchema, input.query);
  const items = await visitHistory(recordsDb(ctx), patientId, limit ?? 50, true);
  await writeAudit(recordsDb(ctx), ctx, { action: 'read', entity: 'visit-history', patientId });
  return { data: { patientId, items } };
}
