// The queue's JSON API: today's board, walk-ins, and the status actions.
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { cancelEncounter } from '../calls.js';
import { AppointmentErrors, fail } from '../errors.js';
import { findEntry, transitionEntry } from '../repo-queue.js';
import { nextStatus } from '../queue-rules.js';
import type { QueueAction } from '../queue-rules.js';
import { appointmentsDb, toQueueJson } from '../repo.js';
import type { QueueRow } from '../repo.js';
import { emptyBodySchema, queueQuerySchema, walkInSchema } from '../schemas.js';
import { addToQueue, followEncounters, loadBoard } from '../queue-service.js';
import { idParam, today } from './common.js';

export async function listQueue(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const q = validate(queueQuerySchema, input.query, { form: true });
  const board = await loadBoard(ctx, { day: q.date ?? today(ctx), ...(q.poliId !== undefined && { poliId: q.poliId }) });
  return { data: board };
}

export async function createWalkIn(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const body = validate(walkInSchema, input.body);
  const entry = await addToQueue(ctx, { patientId: body.patientId, poliId: body.poliId, doctorId: body.doctorId ?? null });
  return { status: 201, data: entry };
}

/**
 * One action on one entry, shared by the API and the board's buttons. The
 * entry's status is brought up to date from records first (best effort), so
 * "call" on a patient already in consultation is refused, not applied.
 */
export async function applyAction(ctx: HandlerContext, id: number, action: QueueAction): Promise<QueueRow> {
  const db = appointmentsDb(ctx);
  let row = await findEntry(db, id);
  if (!row) throw fail(AppointmentErrors.QUEUE_ENTRY_NOT_FOUND);
  row = (await followEncounters(ctx, [row])).rows[0]!;
  const to = nextStatus(row.status, action);
  if (!to) throw fail(AppointmentErrors.QUEUE_STATE);
  if (action !== 'call' && row.encounter_id !== null) {
    // Records must agree first: an encounter already under way cannot be cancelled.
    await cancelEncounter(ctx, Number(row.encounter_id));
  }
  const now = new Date();
  const out = await transitionEntry(db, ctx, row, to, action === 'call' ? { calledAt: now.toISOString() } : {}, now);
  ctx.log.info({ queueEntryId: id, action, status: to }, 'queue entry changed');
  return out;
}

async function answer(input: RequestInput, ctx: HandlerContext, action: QueueAction): Promise<HandlerResult> {
  const id = idParam(input, AppointmentErrors.QUEUE_ENTRY_NOT_FOUND);
  validate(emptyBodySchema, input.body ?? {});
  const row = await applyAction(ctx, id, action);
  return { data: toQueueJson(row) };
}

export const callEntryApi = (input: RequestInput, ctx: HandlerContext) => answer(input, ctx, 'call');
export const noShowEntryApi = (input: RequestInput, ctx: HandlerContext) => answer(input, ctx, 'no-show');
export const cancelEntryApi = (input: RequestInput, ctx: HandlerContext) => answer(input, ctx, 'cancel');

