// GET /patients (page), /patients/_search (htmx fragment, search-as-you-type)
// and /api/v1/patients (JSON) share this handler; the route decides the rendering.
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { toPatientJson } from '../repo.js';
import { searchPatients as runSearch } from '../search.js';
import { PAGE_SIZE, searchQuerySchema } from '../schemas.js';
import { classifyQuery } from '../search-query.js';
import { patientsDb } from './common.js';

/**
 * `q` is a NIK (16 digits, or 6+ digits as a prefix), an MRN ("RM-000123",
 * "rm-123") or the prefix of any word of a name; empty lists the newest
 * registrations. Paginated by `page` (1-based) with `hasMore` instead of a
 * total, because counting every match at 100k patients is the one query that
 * cannot be bounded.
 */
export async function searchPatients(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  // form: true drops empty query values ("?q=&page="), as a browser sends them.
  const { q, page } = validate(searchQuerySchema, input.query, { form: true });
  const query = classifyQuery(q);
  const { rows, hasMore, incomplete } = await runSearch(patientsDb(ctx), query, page, PAGE_SIZE);
  return {
    data: {
      items: rows.map(toPatientJson),
      page,
      pageSize: PAGE_SIZE,
      hasMore,
      // A very broad multi-word search ("s a") stops at a scan cap; say so
      // rather than let "no patients found" look like a true negative.
      incomplete,
      q: q ?? '',
    },
  };
}
