// The audit module's worker entry.
import { defineWorker } from '../../kernel/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';

export default defineWorker({ handlers: {}, contract: {}, migrations, messages });
