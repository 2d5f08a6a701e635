// The operator's side of backup and restore: argument parsing, the help text,
// and one exit-code policy (0 ok, 1 failed, 2 usage or configuration) so cron,
// systemd and scripts can tell "the backup failed" from "the command is wrong".
import { ConfigError, loadConfig } from '../config.js';
import type { ModuleManifest } from '../types.js';
import { runBackup } from './backup.js';
import { CliError, usageError } from './common.js';
import { runRestore } from './restore.js';

export const HELP = `Bilik: clinic management.

Usage:
  node dist/src/main.js [command] [argument]   (or ./bilik [command] [argument])
  npm start  |  npm run backup -- <dir>  |  npm run restore -- <backup-dir>

Commands:
  start                  serve Bilik (the default when no command is given)
  backup <dir>           write a consistent snapshot of every module into
                         <dir>/bilik-backup-<UTC time>/ while Bilik keeps serving,
                         and print that folder's path
  restore <backup-dir>   check every checksum of a snapshot, then restore it into
                         an empty DATA_DIR (or, with DATABASE_URL, a database whose
                         module schemas are missing or empty); stop Bilik first
  admin reset-password <user>
                         set a new password for a staff account (printed once,
                         or BILIK_NEW_PASSWORD), end its sessions and API tokens
  help                   show this text

Backup and restore read the same environment as start (DATA_DIR, DATABASE_URL, ...).
With DATABASE_URL they need pg_dump / pg_restore of the server's major version or newer.
Exit codes: 0 ok, 1 failed (nothing half-written is left behind), 2 usage or configuration error.
`;

export type Command = 'backup' | 'restore';

export interface CommandContext {
  modules: readonly ModuleManifest[];
  version: string;
  env: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Exactly one positional argument; --help anywhere prints the help. */
function parseArgs(command: Command, args: readonly string[]): string | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const flags = args.filter((a) => a.startsWith('-') && a !== '-');
  if (flags.length > 0) throw usageError(`unknown option ${flags[0]}`);
  const what = command === 'backup' ? '<dir> (the folder to write the snapshot into)' : '<backup-dir> (a bilik-backup-… folder)';
  if (args.length === 0) throw usageError(`${command} needs ${what}`);
  if (args.length > 1) throw usageError(`${command} takes one argument, ${what}; got ${args.length}`);
  if (args[0]!.trim() === '') throw usageError(`${command} needs ${what}`);
  return args[0]!;
}

/** Runs a command and returns its exit code; never throws. */
export async function runCommand(command: Command, args: readonly string[], ctx: CommandContext): Promise<number> {
  const out = ctx.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = ctx.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  try {
    const arg = parseArgs(command, args);
    if (arg === 'help') {
      out(HELP);
      return 0;
    }
    const config = loadConfig(ctx.env, ctx.modules);
    if (command === 'backup') {
      const dir = await runBackup(arg, { config, modules: ctx.modules, version: ctx.version });
      err('Backup complete.');
      // The only stdout line: the snapshot's path, for scripts (`dir=$(node dist/src/main.js backup /mnt/usb)`).
      out(dir);
    } else {
      const { manifest, target } = await runRestore(arg, { config, modules: ctx.modules });
      out(`Restored ${manifest.modules.length} modules from the backup of ${manifest.createdAt} into ${target}. Start Bilik now (npm start).`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    if (e instanceof CliError) {
      err(`bilik ${command}: ${e.message}`);
      if (e.exitCode === 2) err(`Run "node dist/src/main.js help" for usage.`);
      return e.exitCode;
    }
    err(`bilik ${command} failed: ${(e as Error)?.message ?? String(e)}`);
    return 1;
  }
}
