// `bilik admin reset-password <user>`: the way back in when the only admin has
// lost the password. It starts the auth module alone (its pool and migrations,
// or in split mode a client of its service), with no HTTP, and calls its
// `resetPassword` contract function as an operator holding the admin role: the
// kernel never touches staff tables itself.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { BilikError } from './errors.js';
import { Kernel } from './kernel.js';
import { createMetrics } from './metrics.js';
import type { ModuleManifest, UserContext } from './types.js';

export const ADMIN_HELP = `Usage: bilik admin reset-password <username>

Sets a new password for a staff account, ends its sessions, revokes its API tokens
and lifts its login lock. The new password is BILIK_NEW_PASSWORD when set (it is
then never printed); otherwise one is generated and printed once on stdout.
Reads the same environment as start (DATA_DIR, DATABASE_URL, ...); Bilik may keep running.
Exit codes: 0 done, 1 failed (e.g. no such user, weak password), 2 usage or configuration error.
`;

export interface AdminContext {
  modules: readonly ModuleManifest[];
  env: NodeJS.ProcessEnv;
  /** The module that owns accounts (its contract has resetPassword). */
  authModule?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

// No 0/O, 1/l/I: the password is read off a screen and typed in by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 16 random characters in groups of four (~92 bits), e.g. "k7Qm-x2Rt-…". */
export function generatePassword(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += (i > 0 && i % 4 === 0 ? '-' : '') + ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Runs `admin <args>` and returns the exit code; never throws. */
export async function runAdmin(args: readonly string[], ctx: AdminContext): Promise<number> {
  const out = ctx.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = ctx.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (args.includes('--help') || args.includes('-h')) {
    out(ADMIN_HELP);
    return 0;
  }
  if (args[0] !== 'reset-password' || args.length !== 2 || !args[1]!.trim()) {
    err(`bilik admin: expected "reset-password <username>"\n\n${ADMIN_HELP}`);
    return 2;
  }
  const username = args[1]!.trim().toLowerCase();
  const auth = ctx.modules.find((m) => m.name === (ctx.authModule ?? 'staff'));
  if (!auth?.contract.includes('resetPassword')) {
    err('bilik admin: the account module is not part of this build');
    return 2;
  }
  let config;
  try {
    // Quiet by default: stdout is for the password line.
    config = loadConfig({ LOG_LEVEL: 'warn', ...ctx.env }, ctx.modules);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  // Split mode: the account module is reached where it runs (REMOTE_<M>_URL, a signed call), or here.
  const remote = Boolean(config.remotes?.[auth.name]);
  if (!remote && config.localModules && !config.localModules.includes(auth.name)) {
    err(`bilik admin: this service does not host ${auth.name} (MODULES); run the command where ${auth.name} runs`);
    return 2;
  }
  // Never create an installation by accident: starting staff on an empty folder would.
  const sqliteFile = path.join(config.dataDir, `${auth.name}.sqlite`);
  if (!remote && !config.DATABASE_URL && !fs.existsSync(sqliteFile)) {
    err(`bilik admin: no Bilik data in ${config.dataDir} (set DATA_DIR to the folder Bilik runs with)`);
    return 1;
  }
  const fromEnv = ctx.env.BILIK_NEW_PASSWORD;
  let password = fromEnv ?? generatePassword();
  // The policy refuses a password that contains the username (a short one could, by chance).
  while (!fromEnv && password.toLowerCase().includes(username)) password = generatePassword();
  // Logs go to stderr so stdout carries only the password line.
  const log = pino({ level: config.LOG_LEVEL, base: { thread: 'main' } }, pino.destination(2));
  const kernel = new Kernel({ config, modules: [auth], log, metrics: createMetrics() });
  const operator: UserContext = {
    id: 0,
    username: 'operator',
    fullName: 'Operator (command line)',
    roles: ['admin'],
    role: 'admin',
    permissions: kernel.permissionsOf(['admin']),
  };
  try {
    await kernel.start();
    const r = (await kernel.call('cli', auth.name, 'resetPassword', { username, password }, operator, `cli-reset-${Date.now()}`)) as {
      active: boolean;
      sessionsEnded: number;
    };
    err(`Password of ${username} reset; ${r.sessionsEnded} session(s) ended, API tokens revoked.${r.active ? '' : ' Note: this account is deactivated.'}`);
    out(fromEnv ? `New password for ${username}: the one in BILIK_NEW_PASSWORD` : `New password for ${username}: ${password}`);
    return 0;
  } catch (e) {
    const msgs = auth.messages[config.BILIK_LOCALE] ?? {};
    if (e instanceof BilikError && e.code === 'VALIDATION_FAILED') {
      const key = e.fields?.password ?? e.fields?.username ?? 'validation.invalid';
      err(`bilik admin: ${e.fields?.password ? 'password' : 'username'} rejected: ${msgs[key] ?? key}`);
    } else if (e instanceof BilikError) {
      err(`bilik admin: ${msgs[`error.${e.code}`] ?? e.code} (${e.code})`);
    } else {
      err(`bilik admin failed: ${(e as Error)?.message ?? String(e)}`);
    }
    return 1;
  } finally {
    await kernel.stop();
  }
}
