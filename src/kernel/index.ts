// The kernel's public face for modules. A module imports from here and from its
// own files, nothing else (the architecture test enforces it).
export { defineModule, defineWorker, route } from './define-module.js';
export { BilikError, KernelErrors, defineError, notFound, validationError } from './errors.js';
export type { ErrorSpec, ErrorData } from './errors.js';
export { validate } from './validate.js';
export { AUDIT_ACTIONS, auditEntriesContract, auditFilterSchema, auditLogMigration, auditRange, queryAudit, writeAudit } from './audit.js';
export type { AuditAction, AuditEntry, AuditFilter, AuditWrite } from './audit.js';
export { autoIdColumn, isPostgres } from './db/dialect.js';
export { isUniqueViolation } from './db/errors.js';
export { ROLES } from './types.js';
export { LOCALES, isLocale } from './i18n/catalog.js';
export type { Catalogs, Locale, Messages, Translate } from './i18n/catalog.js';
export { formatDate, formatDateTime, formatRupiah, localDay, localDayBounds } from './i18n/format.js';
export type { Formatters } from './i18n/format.js';
export type {
  ContractFn,
  Handler,
  HandlerContext,
  HandlerResult,
  MigrationDef,
  ModuleManifest,
  ModuleLimits,
  NavItem,
  PanelDef,
  RequestInput,
  Role,
  RouteDef,
  StartReport,
  UserContext,
  WorkerDefinition,
} from './types.js';
