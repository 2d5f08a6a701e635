// The front desk's queue page (walk-in form + live board), the board fragment
// it polls, the walk-in form post and the board's action buttons.
import { BilikError, validate, validationError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listDoctors, patientSummaries, requireDoctor, requirePatient } from '../calls.js';
import type { PatientSummary, Person } from '../calls.js';
import { AppointmentErrors } from '../errors.js';
import { parsePatientRef } from '../patient-ref.js';
import { listPolis } from '../repo-polis.js';
import { appointmentsDb, toPoliJson } from '../repo.js';
import { alertIdsOf } from '../queue-rules.js';
import type { QueueAction } from '../queue-rules.js';
import { parseId, queueQuerySchema } from '../schemas.js';
import { addToQueue, loadBoard } from '../queue-service.js';
import { can, formErrors, idParam, safeNext, today } from './common.js';
import { applyAction } from './queue-api.js';
import { myBoardData } from './my-queue.js';

/** The patient a form names (MRN or number), confirmed by patients: 422 on `patient` if unknown. */
export async function resolvePatientRef(ctx: HandlerContext, raw: unknown): Promise<PatientSummary> {
  const ref = parsePatientRef(raw);
  if (!ref) throw validationError({ patient: raw === undefined || raw === '' ? 'appointments.error.patient.required' : 'appointments.error.patient.format' });
  try {
    const p = await requirePatient(ctx, ref.id);
    if (ref.mrn && p.mrn.toUpperCase() !== ref.mrn) throw validationError({ patient: 'appointments.error.patientId.unknown' });
    return p;
  } catch (err) {
    if (err instanceof BilikError && err.fields?.['patientId']) throw validationError({ patient: err.fields['patientId'] });
    throw err;
  }
}

/** Everything the queue page and its board fragment show. */
export async function deskBoardData(ctx: HandlerContext, poliId: number | undefined, flash: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const polis = (await listPolis(appointmentsDb(ctx))).map(toPoliJson);
  const [board, staff] = await Promise.all([loadBoard(ctx, { day: today(ctx), ...(poliId !== undefined && { poliId }) }), listDoctors(ctx)]);
  return { board, alertIds: alertIdsOf(board.entries), polis, doctors: staff.doctors, staffAvailable: staff.available, poliId: poliId ?? null, canCall: can(ctx, 'queue:call'), canWrite: can(ctx, 'queue:write'), boardKind: 'desk', ...flash };
}

function walkInFormData(polis: unknown[], doctors: Person[], extra: Record<string, unknown>): Record<string, unknown> {
  return { walkIn: { polis, doctors, values: {}, errors: {}, formError: null, patient: null, ...extra } };
}

function poliFilter(input: RequestInput): number | undefined {
  return validate(queueQuerySchema, input.query, { form: true }).poliId;
}

export async function queuePage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const poliId = poliFilter(input);
  const data = await deskBoardData(ctx, poliId);
  const added = parseId(typeof input.query['added'] === 'string' ? input.query['added'] : undefined);
  const addedEntry = added === null ? null : ((data['board'] as { entries: Array<{ id: number }> }).entries.find((e) => e.id === added) ?? null);
  const polis = (data['polis'] as Array<{ active: boolean }>).filter((p) => p.active);
  return { data: { ...data, addedEntry, ...walkInFormData(polis, data['doctors'] as Person[], { values: { poliId: poliId === undefined ? '' : String(poliId) } }) } };
}

export async function queueBoard(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await deskBoardData(ctx, poliFilter(input)) };
}

/** /appointments/queue/new?patientId=: the walk-in form for a patient found in the patients module. */
export async function newWalkInPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const polis = (await listPolis(appointmentsDb(ctx), { activeOnly: true })).map(toPoliJson);
  const staff = await listDoctors(ctx);
  const id = parseId(typeof input.query['patientId'] === 'string' ? input.query['patientId'] : undefined);
  let patient: PatientSummary | null = null;
  let patientsDown = false;
  if (id !== null) {
    const r = await patientSummaries(ctx, [id]);
    patient = r.byId.get(id) ?? null;
    patientsDown = !r.available;
  }
  const values = { patient: patient ? patient.mrn : id !== null ? String(id) : '' };
  return { data: { ...walkInFormData(polis, staff.doctors, { values, patient, patientsDown }), patientId: id } };
}

/** The walk-in form: success goes back to the board with the new number; errors re-render the form inline. */
export async function createWalkInForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = (input.body ?? {}) as Record<string, unknown>;
  try {
    const poliId = parseId(typeof body['poliId'] === 'string' ? body['poliId'] : undefined);
    if (poliId === null) throw validationError({ poliId: 'appointments.error.poliId.invalid' });
    const doctorRaw = body['doctorId'];
    const doctorId = doctorRaw === undefined || doctorRaw === '' ? null : parseId(String(doctorRaw));
    if (doctorId === null && doctorRaw !== undefined && doctorRaw !== '') throw validationError({ doctorId: 'appointments.error.doctorId.invalid' });
    const patient = await resolvePatientRef(ctx, body['patient']);
    if (doctorId !== null) await requireDoctor(ctx, doctorId);
    const entry = await addToQueue(ctx, { patientId: patient.id, poliId, doctorId });
    return { redirect: `/appointments/queue?poliId=${poliId}&added=${entry.id}` };
  } catch (err) {
    const e = formErrors(err, ctx, { patientId: 'patient' });
    const polis = (await listPolis(appointmentsDb(ctx), { activeOnly: true })).map(toPoliJson);
    const staff = await listDoctors(ctx);
    return { status: e.status, view: 'appointments/walkin-form', data: walkInFormData(polis, staff.doctors, { values: body, errors: e.errors, formError: e.formError }) };
  }
}

/**
 * A board button. Under htmx the board re-renders in place with the outcome
 * (or the refusal) as a message; without JavaScript it redirects back.
 */
async function boardAction(input: RequestInput, ctx: HandlerContext, action: QueueAction): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.QUEUE_ENTRY_NOT_FOUND);
  const body = (input.body ?? {}) as Record<string, unknown>;
  const kind = body['board'] === 'doctor' ? 'doctor' : 'desk';
  const poliId = parseId(typeof body['poliId'] === 'string' ? body['poliId'] : undefined) ?? undefined;
  let flash: Record<string, unknown>;
  try {
    const row = await applyAction(ctx, id, action);
    flash = { flash: ctx.t(`appointments.flash.${action}`, { number: row.number }) };
  } catch (err) {
    if (!(err instanceof BilikError) || err.status === 403) throw err;
    flash = { flashError: ctx.t(err.message, err.params) };
  }
  if (!input.htmx) return { redirect: safeNext(body['next'], kind === 'doctor' ? '/appointments/my-queue' : '/appointments/queue') };
  if (kind === 'doctor') return { view: 'appointments/my-queue-board', data: { ...(await myBoardData(ctx)), ...flash } };
  return { view: 'appointments/queue-board', data: await deskBoardData(ctx, poliId, flash) };
}

export const callEntryForm = (input: RequestInput, ctx: HandlerContext) => boardAction(input, ctx, 'call');
export const noShowEntryForm = (input: RequestInput, ctx: HandlerContext) => boardAction(input, ctx, 'no-show');
export const cancelEntryForm = (input: RequestInput, ctx: HandlerContext) => boardAction(input, ctx, 'cancel');
