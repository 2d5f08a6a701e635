// Configuration comes from the environment and is validated once at start;
// every message names the option so an operator can fix it without reading code.
import path from 'node:path';
import { z } from 'zod';
import type { ModuleLimits } from './types.js';
import { isValidTimeZone } from './i18n/format.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const baseSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BILIK_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  BILIK_CHAOS: flag.default(false),
  BILIK_DEMO: flag.default(true),
  BILIK_SQLITE_SYNC: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  BILIK_SESSION_TTL_HOURS: int(1, 24 * 30).default(12),
  BILIK_TOKEN_TTL_HOURS: int(1, 24 * 365).default(24 * 30),
  BILIK_AUTH_CACHE_MS: int(0, 60_000).default(5000),
  BILIK_COOKIE_SECURE: flag.default(false),
  BILIK_TRUST_PROXY: flag.default(false),
  BILIK_SHUTDOWN_MS: int(0, 120_000).default(10_000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for SQLite)')
    .optional(),
  BILIK_PG_POOL_WAIT_MS: int(10, 60_000).default(2000),
  BILIK_LOCALE: z.enum(['id', 'en']).default('id'),
  /** Printed on receipts and shown in the header: the clinic's own name. */
  BILIK_CLINIC_NAME: z.string().trim().min(2).max(80).default('Klinik Pratama Bilik'),
  BILIK_TIMEZONE: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura')
    .default('Asia/Jakarta'),
});

export type BaseConfig = z.infer<typeof baseSchema>;

export interface Config extends BaseConfig {
  dataDir: string;
  limits: Record<string, ModuleLimits>;
}

export const DEFAULT_LIMITS: ModuleLimits = {
  threads: 2,
  concurrency: 2,
  queue: 256,
  timeoutMs: 5000,
  memoryMb: 128,
  slowCallMs: 3000,
  breakerWindow: 20,
  breakerMinCalls: 10,
  breakerFailureRate: 0.5,
  breakerOpenMs: 5000,
  breakerMaxOpenMs: 60_000,
  breakerProbes: 3,
  maxRestarts: 3,
  restartWindowMs: 60_000,
};

/** env suffix → limit key, e.g. BILIK_PATIENTS_TIMEOUT_MS or BILIK_DEFAULT_TIMEOUT_MS. */
const LIMIT_ENV: Record<string, { key: keyof ModuleLimits; schema: z.ZodType<number> }> = {
  THREADS: { key: 'threads', schema: int(1, 64) },
  CONCURRENCY: { key: 'concurrency', schema: int(1, 1024) },
  QUEUE: { key: 'queue', schema: int(0, 100_000) },
  TIMEOUT_MS: { key: 'timeoutMs', schema: int(50, 600_000) },
  MEMORY_MB: { key: 'memoryMb', schema: int(16, 16_384) },
  SLOW_CALL_MS: { key: 'slowCallMs', schema: int(1, 600_000) },
  BREAKER_WINDOW: { key: 'breakerWindow', schema: int(1, 10_000) },
  BREAKER_MIN_CALLS: { key: 'breakerMinCalls', schema: int(1, 10_000) },
  BREAKER_FAILURE_RATE: { key: 'breakerFailureRate', schema: z.coerce.number().gt(0).max(1) },
  BREAKER_OPEN_MS: { key: 'breakerOpenMs', schema: int(10, 3_600_000) },
  BREAKER_MAX_OPEN_MS: { key: 'breakerMaxOpenMs', schema: int(10, 3_600_000) },
  BREAKER_PROBES: { key: 'breakerProbes', schema: int(1, 100) },
  MAX_RESTARTS: { key: 'maxRestarts', schema: int(0, 1000) },
  RESTART_WINDOW_MS: { key: 'restartWindowMs', schema: int(100, 3_600_000) },
};

export const LIMIT_ENV_SUFFIXES = Object.keys(LIMIT_ENV);

function readLimits(env: NodeJS.ProcessEnv, prefix: string, problems: string[]): Partial<ModuleLimits> {
  const out: Partial<ModuleLimits> = {};
  for (const [suffix, { key, schema }] of Object.entries(LIMIT_ENV)) {
    const name = `${prefix}_${suffix}`;
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const r = schema.safeParse(raw);
    if (r.success) out[key] = r.data;
    else problems.push(`${name}: ${r.error.issues[0]?.message ?? 'invalid'} (got "${raw}")`);
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv, modules: ReadonlyArray<{ name: string; limits?: Partial<ModuleLimits> }>): Config {
  const problems: string[] = [];
  const parsed = baseSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'config');
      problems.push(`${name}: ${issue.message}${env[name] !== undefined ? ` (got "${name.includes('PASSWORD') ? '***' : env[name]}")` : ''}`);
    }
  }
  const defaults = readLimits(env, 'BILIK_DEFAULT', problems);
  const limits: Record<string, ModuleLimits> = {};
  for (const m of modules) {
    const own = readLimits(env, `BILIK_${m.name.toUpperCase()}`, problems);
    const merged: ModuleLimits = { ...DEFAULT_LIMITS, ...m.limits, ...defaults, ...own };
    // Concurrency follows the thread count unless set: one task per worker suits SQLite.
    if (own.concurrency === undefined && defaults.concurrency === undefined && m.limits?.concurrency === undefined) merged.concurrency = merged.threads;
    if (merged.breakerMinCalls > merged.breakerWindow) problems.push(`BILIK_${m.name.toUpperCase()}_BREAKER_MIN_CALLS (or BILIK_DEFAULT_BREAKER_MIN_CALLS): must not exceed the breaker window (${merged.breakerWindow}) of module ${m.name}`);
    limits[m.name] = merged;
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const base = parsed.data;
  return { ...base, dataDir: path.resolve(base.DATA_DIR), limits };
}
