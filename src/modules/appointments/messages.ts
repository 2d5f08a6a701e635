// The appointments module's message catalogs (id default, en).
import type { Catalogs } from '../../kernel/index.js';

export const messages: Catalogs = { id: {}, en: {} };
