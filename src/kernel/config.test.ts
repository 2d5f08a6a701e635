import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, loadConfig } from './config.js';
import type { ModuleLimits } from './types.js';

const MODULES: Array<{ name: string; limits?: Partial<ModuleLimits> }> = [{ name: 'patients' }, { name: 'staff' }, { name: 'billing', limits: { threads: 4 } }];

/** Runs loadConfig expecting a ConfigError; returns it. */
function configError(env: NodeJS.ProcessEnv, modules = MODULES): ConfigError {
  try {
    loadConfig(env, modules);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig: base options', () => {
  it('applies defaults for an empty environment', () => {
    const cfg = loadConfig({}, MODULES);
    expect(cfg.PORT).toBe(8080);
    expect(cfg.HOST).toBe('0.0.0.0');
    expect(cfg.BILIK_CHAOS).toBe(false);
    expect(cfg.LOG_LEVEL).toBe('info');
    expect(path.isAbsolute(cfg.dataDir)).toBe(true);
    expect(cfg.dataDir.endsWith(`${path.sep}data`)).toBe(true);
    expect(cfg.dataDir).toBe(path.resolve('data'));
    expect(cfg.BILIK_ADMIN_PASSWORD).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const cfg = loadConfig({ PORT: '', BILIK_CHAOS: '', DATA_DIR: '' }, MODULES);
    expect(cfg.PORT).toBe(8080);
    expect(cfg.BILIK_CHAOS).toBe(false);
    expect(cfg.dataDir).toBe(path.resolve('data'));
  });

  it('reads set values', () => {
    const cfg = loadConfig({ PORT: '3000', BILIK_CHAOS: '1', DATA_DIR: '/srv/bilik', BILIK_ADMIN_PASSWORD: 'correct horse battery' }, MODULES);
    expect(cfg.PORT).toBe(3000);
    expect(cfg.BILIK_CHAOS).toBe(true);
    expect(cfg.dataDir).toBe('/srv/bilik');
    expect(cfg.BILIK_ADMIN_PASSWORD).toBe('correct horse battery');
  });

  it.each(['abc', '70000', '-1', '80.5'])('rejects PORT=%s with a message naming PORT', (port) => {
    const err = configError({ PORT: port });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^PORT: /);
    expect(err.message).toContain('PORT');
    expect(err.message).toContain(port);
  });

  it('rejects a bad flag and names it', () => {
    const err = configError({ BILIK_CHAOS: 'yes' });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^BILIK_CHAOS: /);
  });

  it('rejects a short admin password without echoing it', () => {
    const secret = 'Hunter2!x';
    const err = configError({ BILIK_ADMIN_PASSWORD: secret });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^BILIK_ADMIN_PASSWORD: /);
    expect(err.message).toContain('at least 10 characters');
    expect(err.message).not.toContain(secret);
    expect(err.problems.join('\n')).not.toContain(secret);
  });
});

describe('loadConfig: module limits', () => {
  it('gives every module the defaults, with its manifest overrides', () => {
    const cfg = loadConfig({}, MODULES);
    expect(Object.keys(cfg.limits).sort()).toEqual(['billing', 'patients', 'staff']);
    expect(cfg.limits.patients).toEqual(DEFAULT_LIMITS);
    expect(cfg.limits.billing?.threads).toBe(4);
    expect(cfg.limits.billing?.timeoutMs).toBe(DEFAULT_LIMITS.timeoutMs);
  });

  it('applies BILIK_<MODULE>_* to that module only', () => {
    const cfg = loadConfig({ BILIK_PATIENTS_TIMEOUT_MS: '900' }, MODULES);
    expect(cfg.limits.patients?.timeoutMs).toBe(900);
    expect(cfg.limits.staff?.timeoutMs).toBe(DEFAULT_LIMITS.timeoutMs);
    expect(cfg.limits.billing?.timeoutMs).toBe(DEFAULT_LIMITS.timeoutMs);
  });

  it('applies BILIK_DEFAULT_* to all modules, over manifest limits, under module env', () => {
    const cfg = loadConfig({ BILIK_DEFAULT_THREADS: '6', BILIK_STAFF_THREADS: '1' }, MODULES);
    expect(cfg.limits.patients?.threads).toBe(6);
    expect(cfg.limits.billing?.threads).toBe(6);
    expect(cfg.limits.staff?.threads).toBe(1);
  });

  it('makes concurrency follow threads when concurrency is not set anywhere', () => {
    const cfg = loadConfig({ BILIK_PATIENTS_THREADS: '5' }, MODULES);
    expect(cfg.limits.patients?.concurrency).toBe(5);
    expect(cfg.limits.billing?.concurrency).toBe(4); // manifest threads
    expect(cfg.limits.staff?.concurrency).toBe(DEFAULT_LIMITS.threads);
  });

  it('keeps an explicit concurrency', () => {
    const modules = [{ name: 'patients' }, { name: 'staff', limits: { threads: 2, concurrency: 7 } }];
    const cfg = loadConfig({ BILIK_PATIENTS_THREADS: '5', BILIK_PATIENTS_CONCURRENCY: '9' }, modules);
    expect(cfg.limits.patients?.concurrency).toBe(9);
    expect(cfg.limits.staff?.concurrency).toBe(7);
    const viaDefault = loadConfig({ BILIK_DEFAULT_CONCURRENCY: '3', BILIK_STAFF_THREADS: '8' }, [{ name: 'staff' }]);
    expect(viaDefault.limits.staff?.concurrency).toBe(3);
  });

  it.each([
    ['BILIK_PATIENTS_TIMEOUT_MS', 'soon'],
    ['BILIK_PATIENTS_THREADS', '0'],
    ['BILIK_STAFF_QUEUE', '-5'],
    ['BILIK_DEFAULT_BREAKER_FAILURE_RATE', '1.5'],
    ['BILIK_DEFAULT_MEMORY_MB', '2.5'],
  ])('names the exact variable for a bad %s', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]?.startsWith(`${name}: `)).toBe(true);
    expect(err.problems[0]).toContain(`"${value}"`);
  });

  it('rejects breaker min calls above the window', () => {
    const err = configError({ BILIK_PATIENTS_BREAKER_MIN_CALLS: '50' });
    expect(err.problems).toEqual([expect.stringMatching(/^BILIK_PATIENTS_BREAKER_MIN_CALLS .*window/)]);
  });
});

describe('loadConfig: error reporting', () => {
  it('reports several problems at once', () => {
    const err = configError({
      PORT: 'eighty',
      BILIK_ADMIN_PASSWORD: 'short',
      BILIK_PATIENTS_TIMEOUT_MS: '1',
      BILIK_DEFAULT_THREADS: 'many',
    });
    const named = err.problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(['BILIK_ADMIN_PASSWORD', 'BILIK_DEFAULT_THREADS', 'BILIK_PATIENTS_TIMEOUT_MS', 'PORT']);
    for (const name of named) expect(err.message).toContain(name);
    expect(err.name).toBe('ConfigError');
  });

  it('ignores unrelated environment variables', () => {
    const cfg = loadConfig({ PATH: '/usr/bin', HOME: '/root', BILIK_UNKNOWN_THREADS: 'x' }, MODULES);
    expect(cfg.PORT).toBe(8080);
  });
});

describe('loadConfig: split mode (MODULES, REMOTE_<MODULE>_URL, BILIK_INTERNAL_SECRET)', () => {
  const SPLIT = [{ name: 'staff' }, { name: 'patients', calls: ['staff'] }, { name: 'billing', calls: ['patients', 'staff'] }];
  const SECRET = { BILIK_INTERNAL_SECRET: 'x'.repeat(40) };

  it('hosts every module when neither is set', () => {
    const cfg = loadConfig({}, SPLIT);
    expect(cfg.localModules).toEqual(['staff', 'patients', 'billing']);
    expect(cfg.remotes).toEqual({});
  });

  it('hosts the listed modules and reaches the others at their URLs', () => {
    const cfg = loadConfig({ ...SECRET, MODULES: 'billing, patients', REMOTE_STAFF_URL: 'http://gateway:8080/' }, SPLIT);
    expect(cfg.localModules).toEqual(['patients', 'billing']);
    expect(cfg.remotes).toEqual({ staff: 'http://gateway:8080' });
  });

  it('a monolith with one module out: every module without a REMOTE_ URL stays here', () => {
    const cfg = loadConfig({ ...SECRET, REMOTE_PATIENTS_URL: 'http://patients:8080' }, SPLIT);
    expect(cfg.localModules).toEqual(['staff', 'billing']);
    expect(cfg.remotes).toEqual({ patients: 'http://patients:8080' });
  });

  it('refuses to split without the internal secret, and hides its value', () => {
    expect(configError({ MODULES: 'staff' }, SPLIT).problems.join('\n')).toMatch(/^BILIK_INTERNAL_SECRET: required in split mode/m);
    expect(configError({ REMOTE_PATIENTS_URL: 'http://p:1' }, SPLIT).message).toContain('BILIK_INTERNAL_SECRET');
    const short = configError({ MODULES: 'staff', BILIK_INTERNAL_SECRET: 'tooshort-secret' }, SPLIT);
    expect(short.message).toContain('BILIK_INTERNAL_SECRET: must be at least 32 characters');
    expect(short.message).not.toContain('tooshort-secret');
  });

  it('names unknown modules, bad URLs, a module both here and remote, and unreachable callees', () => {
    const e = configError({ ...SECRET, MODULES: 'patients,pharmacy,billing', REMOTE_BILLING_URL: 'http://b:1', REMOTE_LAB_URL: 'http://l:1', REMOTE_STAFF_URL: 'ftp://x' }, SPLIT);
    const text = e.problems.join('\n');
    expect(text).toContain('MODULES: there is no module "pharmacy"');
    expect(text).toContain('REMOTE_LAB_URL: there is no module "lab"');
    expect(text).toContain('REMOTE_STAFF_URL: must be an http:// or https:// base URL');
    expect(text).toContain('MODULES: billing is listed and also has REMOTE_BILLING_URL');
    expect(text).toContain('MODULES: patients calls staff, which is neither hosted here nor remote');
  });
});
