// What other modules may call on billing: only the audit entries (the audit
// module merges every module's log). Invoices stay inside billing.
import { auditEntriesContract } from '../../kernel/index.js';
import type { ContractFn } from '../../kernel/index.js';

export const contract = {
  auditEntries: auditEntriesContract,
} satisfies Record<string, ContractFn>;
