// The handler table: the names routes.ts refers to, mapped to their functions.
import type { Handler } from '../../../kernel/index.js';
import { auditPage, listAudit } from './list-audit.js';

export const handlers = {
  listAudit,
  auditPage,
} satisfies Record<string, Handler>;
