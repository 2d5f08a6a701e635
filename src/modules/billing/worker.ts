// The billing module's worker entry: loaded by path inside the module's pool
// threads. Demo mode seeds a price list into an empty tariffs table only.
import { defineWorker } from '../../kernel/index.js';
import type { HandlerContext, StartReport } from '../../kernel/index.js';
import { contract } from './contract.js';
import type { BillingDb } from './db.js';
import { handlers } from './handlers/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';
import { seedDemoTariffs } from './seed.js';
import { countTariffs } from './tariffs-repo.js';

async function onStart(ctx: HandlerContext): Promise<StartReport | void> {
  if (!ctx.settings.demo) return;
  const db = ctx.db as BillingDb;
  if ((await countTariffs(db)) > 0) return;
  const n = await seedDemoTariffs(db);
  return { messages: [`billing: seeded ${n} demo tariffs`] };
}

export default defineWorker({ handlers, contract, migrations, messages, onStart });
