// GET /patients (page), /patients/_search (htmx fragment, search-as-you-type)
// and /api/v1/patients (JSON) share this search; the pages' handler adds ages.
import type { z } from 'zod';
import { validate } from '../../../kernel/index.js';
import type { HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { toPatientJson } from '../repo.js';
import { searchPatients as runSearch } from '../search.js';
import { PAGE_SIZE, searchQuerySchema } from '../schemas.js';
import type { searchResultSchema } from '../schemas.js';
import { classifyQuery } from '../search-query.js';
import { ageToday, patientsDb } from './common.js';

type SearchResult = z.infer<typeof searchResultSchema>;

/**
 * `q` is a NIK (16 digits, or 6+ digits as a prefix), an MRN ("RM-000123",
 * "rm-123") or the prefix of any word of a name; empty lists the newest
 * registrations. Paginated by `page` (1-based) with `hasMore` instead of a
 * total, because counting every match at 100k patients is the one query that
 * cannot be bounded.
 */
export async function searchPatients(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  return { data: await search(input, ctx) };
}

/**
 * The list page and the search-as-you-type fragment: the same search, each row
 * with its age on the clinic's calendar day for the "birth date (age)" column.
 */
export async function searchPatientsPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const result = await search(input, ctx);
  return { data: { ...result, items: result.items.map((p) => ({ ...p, age: ageToday(p.birthDate, ctx) })) } };
}

async function search(input: RequestInput, ctx: HandlerContext): Promise<SearchResult> {
  // form: true drops empty query values ("?q=&page="), as a browser sends them.
  const { q, page } = validate(searchQuerySchema, input.query, { form: true });
  const query = classifyQuery(q);
  const { rows, hasMore, incomplete } = await runSearch(patientsDb(ctx), query, page, PAGE_SIZE);
  return {
    items: rows.map(toPatientJson),
    page,
    pageSize: PAGE_SIZE,
    hasMore,
    // A very broad multi-word search ("s a") stops at a scan cap; say so
    // rather than let "no patients found" look like a true negative.
    incomplete,
    q: q ?? '',
  };
}
