// Doctor schedules: the API and the admin page (add a window, remove one).
import { validate, validationError } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listDoctors, requireDoctor } from '../calls.js';
import { AppointmentErrors, fail } from '../errors.js';
import { findPoli, listPolis } from '../repo-polis.js';
import { deleteSchedule, insertSchedule, listSchedules } from '../repo-schedules.js';
import { appointmentsDb, toPoliJson, toScheduleJson } from '../repo.js';
import { scheduleCreateSchema } from '../schemas.js';
import { doctorName, formErrors, idParam } from './common.js';

export async function listSchedulesApi(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: (await listSchedules(appointmentsDb(ctx))).map(toScheduleJson) };
}

async function create(body: unknown, ctx: HandlerContext, form: boolean) {
  const input = validate(scheduleCreateSchema, body, { form });
  if (!(await findPoli(appointmentsDb(ctx), input.poliId))) throw validationError({ poliId: 'appointments.error.poliId.unknown' });
  await requireDoctor(ctx, input.doctorId);
  const row = await insertSchedule(appointmentsDb(ctx), input);
  ctx.log.info({ scheduleId: row.id, doctorId: row.doctor_id }, 'schedule added');
  return row;
}

export async function createSchedule(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 201, data: toScheduleJson(await create(input.body, ctx, false)) };
}

export async function deleteScheduleApi(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.SCHEDULE_NOT_FOUND);
  if (!(await deleteSchedule(appointmentsDb(ctx), id))) throw fail(AppointmentErrors.SCHEDULE_NOT_FOUND);
  return { data: { deleted: true } };
}

async function pageData(ctx: HandlerContext, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const db = appointmentsDb(ctx);
  const [polis, rows, staff] = await Promise.all([listPolis(db), listSchedules(db), listDoctors(ctx)]);
  const poliById = new Map(polis.map((p) => [Number(p.id), p]));
  const schedules = rows.map(toScheduleJson).map((s) => ({
    ...s,
    doctorName: doctorName(ctx, staff.doctors, s.doctorId),
    poliName: poliById.get(s.poliId)?.name ?? String(s.poliId),
  }));
  return { polis: polis.map(toPoliJson), doctors: staff.doctors, staffAvailable: staff.available, schedules, values: {}, errors: {}, formError: null, ...extra };
}

export async function schedulesPage(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await pageData(ctx) };
}

export async function createScheduleForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  try {
    await create(input.body, ctx, true);
    return { redirect: '/appointments/schedules' };
  } catch (err) {
    const e = formErrors(err, ctx);
    return { status: e.status, data: await pageData(ctx, { values: input.body ?? {}, errors: e.errors, formError: e.formError }) };
  }
}

export async function deleteScheduleForm(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.SCHEDULE_NOT_FOUND);
  await deleteSchedule(appointmentsDb(ctx), id);
  // Already gone (a double click) is the outcome the admin wanted.
  return { redirect: '/appointments/schedules' };
}
