// The patients module's worker entry: loaded by path inside the module's pool
// threads (never imported by the kernel). Everything here runs off the main thread.
import { defineWorker } from '../../kernel/index.js';
import type { HandlerContext, StartReport } from '../../kernel/index.js';
import { contract } from './contract.js';
import { handlers } from './handlers/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { isEmpty } from './repo.js';
import type { PatientsDb } from './repo.js';
import { seedDemoPatients } from './seed.js';

/**
 * Demo seeding runs only on an empty table: a clinic that switched demo mode on
 * over real data must never get fake patients mixed into it.
 */
async function onStart(ctx: HandlerContext): Promise<StartReport | void> {
  if (!ctx.settings.demo) return;
  const db = ctx.db as PatientsDb;
  if (!(await isEmpty(db))) return;
  const n = await seedDemoPatients(db);
  return { messages: [`patients: seeded ${n} demo patients`] };
}

export default defineWorker({ handlers, contract, migrations, messages, onStart });
