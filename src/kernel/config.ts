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
  /** Split mode: the modules this process hosts (comma list); unset = every module not given a REMOTE_<MODULE>_URL. */
  MODULES: z.string().optional(),
  /** Split mode: the shared secret that signs internal calls between gateway and module services. */
  BILIK_INTERNAL_SECRET: z.string().min(32, 'must be at least 32 characters (a random string, the same in the gateway and every module service)').optional(),
  BILIK_TIMEZONE: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura')
    .default('Asia/Jakarta'),
});

export type BaseConfig = z.infer<typeof baseSchema>;

export interface Config extends BaseConfig {
  dataDir: string;
  limits: Record<string, ModuleLimits>;
  /** Modules whose pools run in this process (all of them unless split mode says otherwise). */
  localModules: string[];
  /** Modules reached over HTTP (REMOTE_<MODULE>_URL): name → base URL without trailing slash. */
  remotes: Record<string, string>;
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

export function loadConfig(env: NodeJS.ProcessEnv, modules: ReadonlyArray<{ name: string; limits?: Partial<ModuleLimits>; calls?: readonly string[] }>): Config {
  const problems: string[] = [];
  const parsed = baseSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'config');
      problems.push(`${name}: ${issue.message}${env[name] !== undefined ? ` (got "${/PASSWORD|SECRET/.test(name) ? '***' : env[name]}")` : ''}`);
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
  const placement = readPlacement(env, modules, problems);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const base = parsed.data;
  return { ...base, dataDir: path.resolve(base.DATA_DIR), limits, ...placement };
}

/**
 * Split mode: which modules run here (MODULES) and which are reached over HTTP
 * (REMOTE_<MODULE>_URL). Every module a hosted module calls must be one or the
 * other, and any split needs BILIK_INTERNAL_SECRET to sign internal calls.
 */
function readPlacement(
  env: NodeJS.ProcessEnv,
  modules: ReadonlyArray<{ name: string; calls?: readonly string[] }>,
  problems: string[],
): { localModules: string[]; remotes: Record<string, string> } {
  const names = modules.map((m) => m.name);
  const known = `known modules: ${names.join(', ')}`;
  const remotes: Record<string, string> = {};
  for (const [key, raw] of Object.entries(env)) {
    const m = /^REMOTE_([A-Z0-9_]+)_URL$/.exec(key);
    if (!m || raw === undefined || raw.trim() === '') continue;
    const name = m[1]!.toLowerCase();
    if (!names.includes(name)) {
      problems.push(`${key}: there is no module "${name}" (${known})`);
      continue;
    }
    let url: URL | null = null;
    try {
      url = new URL(raw.trim());
    } catch {
      /* reported below */
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      problems.push(`${key}: must be an http:// or https:// base URL such as http://patients:8080 (got "${raw}")`);
      continue;
    }
    remotes[name] = url.href.replace(/\/+$/, '');
  }
  let localModules = names.filter((n) => !(n in remotes));
  const listed = env.MODULES?.trim();
  if (listed) {
    const wanted = [...new Set(listed.split(',').map((s) => s.trim()).filter(Boolean))];
    for (const n of wanted) if (!names.includes(n)) problems.push(`MODULES: there is no module "${n}" (${known})`);
    for (const n of wanted) {
      if (n in remotes) problems.push(`MODULES: ${n} is listed and also has REMOTE_${n.toUpperCase()}_URL; a module is either hosted here or remote`);
    }
    if (wanted.length === 0) problems.push(`MODULES: list at least one module (${known})`);
    localModules = names.filter((n) => wanted.includes(n));
  }
  for (const m of modules) {
    if (!localModules.includes(m.name)) continue;
    for (const callee of m.calls ?? []) {
      if (!localModules.includes(callee) && !(callee in remotes)) {
        problems.push(`MODULES: ${m.name} calls ${callee}, which is neither hosted here nor remote: add ${callee} to MODULES or set REMOTE_${callee.toUpperCase()}_URL`);
      }
    }
  }
  const split = Boolean(listed) || Object.keys(remotes).length > 0;
  if (split && !env.BILIK_INTERNAL_SECRET?.trim()) {
    problems.push('BILIK_INTERNAL_SECRET: required in split mode (MODULES or a REMOTE_<MODULE>_URL is set): the same random string of at least 32 characters in the gateway and every module service, e.g. from `openssl rand -base64 48`');
  }
  return { localModules, remotes };
}
