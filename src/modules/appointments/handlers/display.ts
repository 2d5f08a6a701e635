// The public waiting-room display: per poli, the number being called and the
// room, and the next numbers waiting. Queue numbers and rooms ONLY: this page
// is public, so it never asks patients for anything and shows no MRN or name.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { listPolis } from '../repo-polis.js';
import { listEntries } from '../repo-queue.js';
import { appointmentsDb } from '../repo.js';
import { today } from './common.js';

/** How many waiting numbers each poli shows under the one being called. */
const NEXT_COUNT = 5;

export interface DisplayPoli {
  id: number;
  name: string;
  room: string;
  calling: string | null;
  next: string[];
  waitingCount: number;
}

export async function displayData(ctx: HandlerContext): Promise<{ polis: DisplayPoli[] }> {
  const db = appointmentsDb(ctx);
  const polis = await listPolis(db, { activeOnly: true });
  // Stored statuses only: a public page makes no calls on anyone's behalf. The
  // staff boards (polled every few seconds) keep the stored statuses current.
  const rows = await listEntries(db, { day: today(ctx) });
  return {
    polis: polis.map((p) => {
      const mine = rows.filter((r) => Number(r.poli_id) === Number(p.id));
      const called = mine.filter((r) => r.status === 'called').sort((a, b) => String(b.called_at).localeCompare(String(a.called_at)));
      const waiting = mine.filter((r) => r.status === 'waiting');
      // Only plain strings leave this function: nothing else can reach the template.
      return { id: Number(p.id), name: p.name, room: p.room, calling: called[0]?.number ?? null, next: waiting.slice(0, NEXT_COUNT).map((r) => r.number), waitingCount: waiting.length };
    }),
  };
}

export async function displayPage(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await displayData(ctx) };
}

export async function displayBoard(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await displayData(ctx) };
}
