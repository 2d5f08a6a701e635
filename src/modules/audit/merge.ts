// Merging the modules' audit entries into one newest-first page. Pure, so the
// ordering and paging rules are unit-tested without a server.
import type { AuditEntry } from '../../kernel/index.js';

export const PAGE_SIZE = 50;

/** The modules that keep an audit_log and list `auditEntries` in their contract. */
export const AUDITED_MODULES = ['patients', 'appointments', 'records', 'billing'] as const;

/** One entry as GET /api/v1/audit shows it (the source's row id stays internal). */
export type ShownEntry = Omit<AuditEntry, 'id'>;

/**
 * Newest first; entries at the same instant are ordered by module name, then
 * by id, newest id first (the order each module's own query uses), so the
 * merged order is total and the same on every request.
 */
export function compareEntries(a: AuditEntry, b: AuditEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.module !== b.module) return a.module < b.module ? -1 : 1;
  return b.id - a.id;
}

/**
 * How many entries to ask each module for: every entry of the merged page
 * `page` is among its own module's newest `page * PAGE_SIZE`; one more tells
 * whether a next page exists. The contract caps a request at 5000.
 */
export function perModuleLimit(page: number): number {
  return Math.min(page * PAGE_SIZE + 1, 5000);
}

export interface MergedPage {
  entries: ShownEntry[];
  hasMore: boolean;
}

/** Merges each module's newest-first list and cuts out page `page` (1-based). */
export function mergePage(lists: AuditEntry[][], page: number): MergedPage {
  const all = lists.flat().sort(compareEntries);
  const start = (page - 1) * PAGE_SIZE;
  const slice = all.slice(start, start + PAGE_SIZE);
  return {
    entries: slice.map(({ id: _id, ...rest }) => rest),
    hasMore: all.length > start + PAGE_SIZE,
  };
}
