// The appointments module's worker entry: loaded by path inside the module's
// pool threads (never imported by the kernel).
import { defineWorker } from '../../kernel/index.js';
import type { HandlerContext, StartReport } from '../../kernel/index.js';
import { contract } from './contract.js';
import { handlers } from './handlers/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { polisEmpty } from './repo-polis.js';
import { appointmentsDb } from './repo.js';
import { seedDemo } from './seed.js';

/** Demo polis and schedules, only on an empty table: never mixed into a clinic's real setup. */
async function onStart(ctx: HandlerContext): Promise<StartReport | void> {
  if (!ctx.settings.demo) return;
  if (!(await polisEmpty(appointmentsDb(ctx)))) return;
  const r = await seedDemo(ctx);
  return { messages: [`appointments: seeded ${r.polis} demo polis and ${r.schedules} doctor schedules`] };
}

export default defineWorker({ handlers, contract, migrations, messages, onStart });
