// Entry point. With no command (or `start`): start Bilik with every module in
// this process. `backup <dir>` and `restore <backup-dir>` run next to (backup)
// or instead of (restore) the app, with the same configuration and module list;
// `admin reset-password <user>` starts only the account module, without HTTP.
import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from './kernel/config.js';
import { startApp } from './kernel/app.js';
import { modules } from './modules/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

async function start(): Promise<void> {
  let app;
  try {
    app = await startApp({ modules, version: pkg.version });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Handlers first: a SIGTERM arriving while the banner is written or the demo
  // loads must still stop the app cleanly (modules in reverse order).
  const running = app;
  const shutdown = (signal: string) => {
    running.log.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const banner = [
    '',
    `  Bilik is running at ${app.url}`,
    app.config.DATABASE_URL
      ? `  data: Postgres, one schema per module (${new URL(app.config.DATABASE_URL).host}${new URL(app.config.DATABASE_URL).pathname})`
      : `  data: ${app.config.dataDir} (SQLite, one file per module)`,
    ...splitLines(app.config),
    ...app.messages.map((m) => `  ${m}`),
    '',
  ];
  process.stdout.write(`${banner.join('\n')}\n`);
  if (app.config.BILIK_DEMO && app.kernel.freshInstall) {
    // After the banner: the clinic is already usable while today's demo visits fill in.
    const { makeDemoDay } = await import('./demo/clinic-day.js');
    const url = app.url.replace('//localhost:', '//127.0.0.1:');
    process.stdout.write('  demo: preparing today\'s clinic (visits, vitals, consultations, invoices)...\n');
    makeDemoDay({ url, timeZone: app.config.BILIK_TIMEZONE, log: (m) => process.stdout.write(`  ${m}\n`) }).catch((err: unknown) =>
      app.log.error({ err: (err as Error)?.message }, 'demo day could not be made'),
    );
  }
  // Module code never runs on this thread; anything reaching here is a kernel bug. Log it, keep serving.
  process.on('unhandledRejection', (reason) => app.log.error({ errType: (reason as Error)?.name }, 'unhandled rejection in main thread'));
}

/** Split mode: which modules this process hosts and where the others are reached. */
function splitLines(c: Config): string[] {
  const remote = Object.entries(c.remotes);
  if (!c.MODULES && remote.length === 0) return [];
  return [`  split mode: hosting ${c.localModules.join(', ') || 'no module'}`, ...remote.map(([m, url]) => `  remote: ${m} at ${url}`)];
}

/** Backup and restore load only when asked for, so a plain start is exactly what it was. */
async function tool(command: 'backup' | 'restore' | 'help', args: string[]): Promise<never> {
  const cli = await import('./kernel/backup/cli.js');
  if (command === 'help') {
    process.stdout.write(cli.HELP);
    process.exit(0);
  }
  process.exit(await cli.runCommand(command, args, { modules, version: pkg.version, env: process.env }));
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case undefined:
    case 'start':
      return start();
    case 'backup':
    case 'restore':
      return tool(command, args);
    case 'admin': {
      const { runAdmin } = await import('./kernel/admin-cli.js');
      process.exit(await runAdmin(args, { modules, env: process.env }));
    }
    case 'help':
    case '--help':
    case '-h':
      return tool('help', []);
    default: {
      const { HELP } = await import('./kernel/backup/cli.js');
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      process.exit(2);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Bilik failed to start: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
