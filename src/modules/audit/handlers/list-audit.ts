// GET /api/v1/audit (JSON) and GET /audit (the admin's page): the audit log of
// every module that keeps one, merged newest first. Each module answers for
// its own entries through its `auditEntries` contract; a module that does not
// answer is left out and named in `unavailable`, never failing the whole list.
import { BilikError, auditRange, validate } from '../../../kernel/index.js';
import type { AuditEntry, AuditFilter, HandlerContext, HandlerResult, RequestInput } from '../../../kernel/index.js';
import { rangeReversed } from '../errors.js';
import { AUDITED_MODULES, PAGE_SIZE, mergePage, perModuleLimit } from '../merge.js';
import { filterQuerySchema } from '../schemas.js';
import type { AuditPage } from '../schemas.js';

/** The filter keys, in the order the form shows them. */
export const FILTER_KEYS = ['patientId', 'encounterId', 'userId', 'action', 'from', 'to'] as const;

/** Validates the query (422 with field messages); empty form fields count as absent. */
function parseFilter(input: RequestInput, ctx: HandlerContext): { filter: AuditFilter; range: { from?: string; to?: string } } {
  const filter = validate(filterQuerySchema, input.query, { form: true });
  const range = auditRange(filter, ctx.timeZone);
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) throw rangeReversed();
  return { filter, range };
}

function isEntry(v: unknown): v is AuditEntry {
  const e = v as Partial<AuditEntry> | null;
  return !!e && typeof e === 'object' && typeof e.at === 'string' && typeof e.id === 'number';
}

async function fetchPage(filter: AuditFilter, range: { from?: string; to?: string }, ctx: HandlerContext): Promise<AuditPage> {
  const wanted: Record<string, unknown> = {};
  for (const key of ['patientId', 'encounterId', 'userId', 'action'] as const) if (filter[key] !== undefined) wanted[key] = filter[key];
  if (range.from !== undefined) wanted['from'] = range.from;
  if (range.to !== undefined) wanted['to'] = range.to;
  const limit = perModuleLimit(filter.page);
  const settled = await Promise.allSettled(AUDITED_MODULES.map((m) => ctx.call<unknown>(m, 'auditEntries', { filter: wanted, limit })));
  const lists: AuditEntry[][] = [];
  const unavailable: string[] = [];
  settled.forEach((s, i) => {
    const m = AUDITED_MODULES[i]!;
    if (s.status === 'fulfilled' && Array.isArray(s.value)) {
      // The source names itself; forced here so a merged row always says where it came from.
      lists.push(s.value.filter(isEntry).map((e) => ({ ...e, module: m })));
    } else {
      const code = s.status === 'rejected' ? (s.reason as { code?: unknown })?.code : 'BAD_REPLY';
      ctx.log.warn({ code, callee: `${m}.auditEntries` }, 'audit source unavailable; listed as such');
      unavailable.push(m);
    }
  });
  const { entries, hasMore } = mergePage(lists, filter.page);
  return { page: filter.page, pageSize: PAGE_SIZE, hasMore, entries, unavailable };
}

export async function listAudit(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const { filter, range } = parseFilter(input, ctx);
  return { data: await fetchPage(filter, range, ctx) };
}

/** The form's values as strings ('' for empty), as the browser sends them back. */
function formValues(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, typeof query[k] === 'string' ? (query[k] as string) : '']));
}

/** The query string of the current filter on another page (pagination links). */
function pageQuery(values: Record<string, string>, page: number): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (values[k]) q.set(k, values[k]!);
  q.set('page', String(page));
  return `?${q.toString()}`;
}

/**
 * The page: the filter form and the merged entries. A bad filter re-renders
 * the form with its field errors (422) and no entries, instead of an error page.
 */
export async function auditPage(input: RequestInput, ctx: HandlerContext): Promise<HandlerResult> {
  const values = formValues(input.query);
  try {
    const { filter, range } = parseFilter(input, ctx);
    const result = await fetchPage(filter, range, ctx);
    return {
      data: {
        ...result,
        values,
        errors: {},
        prevQuery: result.page > 1 ? pageQuery(values, result.page - 1) : null,
        nextQuery: result.hasMore && result.page < 100 ? pageQuery(values, result.page + 1) : null,
      },
    };
  } catch (err) {
    if (!(err instanceof BilikError) || !err.fields) throw err;
    const errors = Object.fromEntries(Object.entries(err.fields).map(([k, key]) => [k, ctx.t(key, err.params)]));
    return { status: err.status, data: { page: 1, pageSize: PAGE_SIZE, hasMore: false, entries: [], unavailable: [], values, errors, prevQuery: null, nextQuery: null } };
  }
}
