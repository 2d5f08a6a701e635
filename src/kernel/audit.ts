// The append-only audit log of clinical data. Every module that holds clinical
// data keeps its own `audit_log` table in its own database (rule 1: the module
// that holds the data writes the entry, in the same transaction as the write),
// and the database itself refuses UPDATE and DELETE on it (a trigger), so no
// code path, bug or hand-typed SQL can rewrite history.
//
// The kernel only supplies the shared shape: the migration, the writer, the
// query and the contract function a module lists so an audit view can merge
// the entries of all modules.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { isPostgres } from './db/dialect.js';
import { localDayBounds } from './i18n/format.js';
import type { ContractFn, HandlerContext, MigrationDef, Role } from './types.js';
import { validate } from './validate.js';

export const AUDIT_ACTIONS = ['read', 'create', 'update'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry as the API shows it (`module` is added by whoever merges modules). */
export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  role: string;
  action: AuditAction;
  patientId: number | null;
  encounterId: number | null;
  /** What was touched, e.g. 'patient', 'vitals', 'invoice' (a short stable word). */
  entity: string;
  module: string;
}

export interface AuditWrite {
  action: AuditAction;
  entity: string;
  patientId?: number | null;
  encounterId?: number | null;
}

/**
 * The migration every auditing module adds to its list (under its own name, so
 * the module's migration history reads in order). Indexes serve the filters
 * the admin uses: by patient, by encounter, by user, newest first.
 */
export function auditLogMigration(name: string): MigrationDef {
  return {
    name,
    async up(db: Kysely<any>): Promise<void> {
      const pg = isPostgres(db);
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('read', 'create', 'update')`))
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'integer')
        .addColumn('encounter_id', 'integer')
        .execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
      await db.schema.createIndex('audit_log_patient_idx').on('audit_log').columns(['patient_id', 'at']).execute();
      await db.schema.createIndex('audit_log_encounter_idx').on('audit_log').columns(['encounter_id', 'at']).execute();
      await db.schema.createIndex('audit_log_user_idx').on('audit_log').columns(['user_id', 'at']).execute();
      if (pg) {
        await sql`CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()`.execute(db);
        // TRUNCATE skips row triggers; a statement trigger closes that door too.
        await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
          FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()`.execute(db);
      } else {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
    },
  };
}

/**
 * Appends one entry. Pass the transaction of the write it records, so the
 * entry and the change commit or roll back together. The role is the one that
 * granted the route (a user with several roles acts in one of them).
 */
export async function writeAudit(db: Kysely<any>, ctx: Pick<HandlerContext, 'user'>, entry: AuditWrite): Promise<void> {
  const u = ctx.user;
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      user_id: u?.id ?? null,
      username: u?.username ?? 'system',
      role: actingRoleOf(u) ?? 'system',
      action: entry.action,
      entity: entry.entity,
      patient_id: entry.patientId ?? null,
      encounter_id: entry.encounterId ?? null,
    })
    .execute();
}

function actingRoleOf(u: HandlerContext['user']): Role | undefined {
  if (!u) return undefined;
  return u.role ?? u.roles[0];
}

const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
/** A clinic-local calendar day (YYYY-MM-DD) or an ISO instant. */
const when = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'validation.invalid');

/** The filter of GET /api/v1/audit and the audit page; every field optional. */
export const auditFilterSchema = z
  .object({
    patientId: id.optional(),
    encounterId: id.optional(),
    userId: id.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    from: when.optional(),
    to: when.optional(),
    page: z.coerce.number().int().min(1).max(100).default(1),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** `from` is inclusive from the start of its day; `to` includes the whole of its day. */
export function auditRange(filter: Pick<AuditFilter, 'from' | 'to'>, timeZone: string): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (filter.from) out.from = filter.from.length === 10 ? localDayBounds(filter.from, timeZone).start.toISOString() : new Date(filter.from).toISOString();
  if (filter.to) out.to = filter.to.length === 10 ? localDayBounds(filter.to, timeZone).end.toISOString() : new Date(filter.to).toISOString();
  return out;
}

/** Newest first, at most `limit` entries. Range bounds are ISO instants (from inclusive, to exclusive). */
export async function queryAudit(
  db: Kysely<any>,
  module: string,
  filter: Omit<AuditFilter, 'page' | 'from' | 'to'> & { from?: string; to?: string },
  limit: number,
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.patientId !== undefined) q = q.where('patient_id', '=', filter.patientId);
  if (filter.encounterId !== undefined) q = q.where('encounter_id', '=', filter.encounterId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r: any) => ({
    id: Number(r.id),
    at: r.at,
    userId: r.user_id === null ? null : Number(r.user_id),
    username: r.username,
    role: r.role,
    action: r.action,
    patientId: r.patient_id === null ? null : Number(r.patient_id),
    encounterId: r.encounter_id === null ? null : Number(r.encounter_id),
    entity: r.entity,
    module,
  }));
}

const contractArgs = z.object({
  filter: auditFilterSchema.omit({ page: true }).extend({ from: z.string().optional(), to: z.string().optional() }),
  limit: z.number().int().min(1).max(5000),
});

/**
 * The contract function an auditing module lists as `auditEntries`: the merging
 * caller passes an already-resolved filter (ISO bounds) and how many of the
 * newest entries it needs. Only callers acting for a user holding
 * `audit:read` get anything.
 */
export const auditEntriesContract: ContractFn = async (args: unknown, ctx: HandlerContext) => {
  if (!ctx.user?.permissions.includes('audit:read')) return [];
  const { filter, limit } = validate(contractArgs, args);
  return queryAudit(ctx.db, ctx.module, filter, limit);
};
