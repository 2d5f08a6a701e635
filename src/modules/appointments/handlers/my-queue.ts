// The doctor's home: today's patients assigned to me, or unassigned at the
// polis where I work today, with a Call button and a link to the encounter.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listDoctors } from '../calls.js';
import { listPolis } from '../repo-polis.js';
import { listSchedules } from '../repo-schedules.js';
import { appointmentsDb, toPoliJson } from '../repo.js';
import { loadBoard } from '../queue-service.js';
import { alertIdsOf } from '../queue-rules.js';
import { weekdayOf } from '../slots.js';
import { can, today } from './common.js';

/**
 * "My polis": where my schedule puts me today; otherwise anywhere I have a
 * schedule; a doctor with no schedule at all sees every active poli's
 * unassigned patients (a small clinic often runs without schedules).
 */
async function myPoliIds(ctx: HandlerContext, day: string, activeIds: number[]): Promise<number[]> {
  const userId = ctx.user?.id;
  if (userId === undefined) return [];
  const mine = await listSchedules(appointmentsDb(ctx), { doctorId: userId });
  const todays = mine.filter((s) => Number(s.weekday) === weekdayOf(day)).map((s) => Number(s.poli_id));
  const any = mine.map((s) => Number(s.poli_id));
  const ids = todays.length ? todays : any.length ? any : activeIds;
  return [...new Set(ids)];
}

export async function myBoardData(ctx: HandlerContext): Promise<Record<string, unknown>> {
  const day = today(ctx);
  const polis = (await listPolis(appointmentsDb(ctx))).map(toPoliJson);
  const poliIds = await myPoliIds(ctx, day, polis.filter((p) => p.active).map((p) => p.id));
  const me = ctx.user?.id ?? -1;
  // All of today's entries at my polis, plus any assigned to me elsewhere.
  const board = await loadBoard(ctx, { day });
  board.entries = board.entries.filter((e) => e.doctorId === me || (e.doctorId === null && poliIds.includes(e.poliId)));
  const staff = await listDoctors(ctx);
  return { board, alertIds: alertIdsOf(board.entries), polis, doctors: staff.doctors, staffAvailable: staff.available, myPoliIds: poliIds, canCall: can(ctx, 'queue:call'), boardKind: 'doctor' };
}

export async function myQueuePage(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await myBoardData(ctx) };
}

export async function myQueueBoard(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await myBoardData(ctx) };
}
