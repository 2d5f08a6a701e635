// The records module's worker entry: loaded by path inside the module's pool threads.
import { defineWorker } from '../../kernel/index.js';
import { contract } from './contract.js';
import { handlers } from './handlers/index.js';
import { messages } from './messages.js';
import { migrations } from './migrations/index.js';

export default defineWorker({ handlers, contract, migrations, messages });
