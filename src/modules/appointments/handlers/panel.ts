// The dashboard panel: today's queue counts per status, all polis together.
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { countByStatus } from '../repo-queue.js';
import { appointmentsDb } from '../repo.js';
import { QUEUE_STATUSES } from '../queue-rules.js';
import { today } from './common.js';

export async function todayPanel(_input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const counts = await countByStatus(appointmentsDb(ctx), today(ctx));
  const rows = QUEUE_STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
  return { data: { rows, total: rows.reduce((n, r) => n + r.count, 0) } };
}
