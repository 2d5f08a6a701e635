// The audit module's worker entry. It keeps no tables of its own: every
// module writes its own append-only audit_log, and this module only reads
// them through their `auditEntries` contracts.
import { defineWorker } from '../../kernel/index.js';
import { handlers } from './handlers/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';

export default defineWorker({ handlers, contract: {}, migrations, messages });
