// Small pieces shared by backup and restore: the error type that carries an
// exit code, checksums, fsync, and the "is this folder empty" checks that keep
// a restore from ever mixing a snapshot with live data.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs';

/** 1 = the operation failed (nothing or only a cleaned-up temp folder written); 2 = usage or configuration. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, 2);

/** Progress for the operator goes to stderr; stdout carries only the result line a script may read. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A backup on a USB disk must be on the disk, not in the page cache, before we call it complete. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // Some filesystems (and Windows) refuse to fsync a directory; the file fsyncs still hold.
  }
}

/** Entries of a folder, [] when it does not exist; throws when the path is a file. */
export function listDir(dir: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  if (!stat.isDirectory()) throw new CliError(`${dir} exists and is not a folder`);
  return fs.readdirSync(dir);
}

/** "a, b, c and 4 more": enough for an operator to recognise what is in the way. */
export function describeEntries(entries: readonly string[], max = 5): string {
  const shown = entries.slice(0, max).join(', ');
  return entries.length > max ? `${shown} and ${entries.length - max} more` : shown;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A Postgres URL without its password, for messages and the manifest. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Removes a folder we created ourselves (temp snapshot, failed restore); never anything else. */
export function removeOwnDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function fileSize(file: string): number {
  return fs.statSync(file).size;
}
