// The audit route table, one line per route. The page and the API share the
// merge; htmx swaps the page's results region (hx-select), so no separate fragment.
import { route } from '../../kernel/index.js';
import type { RouteDef } from '../../kernel/index.js';
import { auditPageSchema, filterQuerySchema } from './schemas.js';

const READ = 'audit:read';

export const routes: readonly RouteDef[] = [
  route('GET', '/audit', READ, 'auditPage', 'page', { view: 'audit/log', title: 'audit.title', query: filterQuerySchema }),
  route('GET', '/api/v1/audit', READ, 'listAudit', 'api', {
    summary: 'The audit log of every module, merged newest first (50 a page); modules that did not answer are listed in `unavailable`',
    query: filterQuerySchema,
    response: auditPageSchema,
    statuses: [422],
  }),
];
