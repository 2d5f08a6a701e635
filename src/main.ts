// Entry point: start Bilik with every module in this process.
import { readFileSync } from 'node:fs';
import { ConfigError } from './kernel/config.js';
import { startApp } from './kernel/app.js';
import { modules } from './modules/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

async function main(): Promise<void> {
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
  const banner = [
    '',
    `  Bilik is running at ${app.url}`,
    app.config.DATABASE_URL
      ? `  data: Postgres, one schema per module (${new URL(app.config.DATABASE_URL).host}${new URL(app.config.DATABASE_URL).pathname})`
      : `  data: ${app.config.dataDir} (SQLite, one file per module)`,
    ...app.messages.map((m) => `  ${m}`),
    '',
  ];
  process.stdout.write(`${banner.join('\n')}\n`);
  const shutdown = (signal: string) => {
    app.log.info({ signal }, 'signal received');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Module code never runs on this thread; anything reaching here is a kernel bug. Log it, keep serving.
  process.on('unhandledRejection', (reason) => app.log.error({ errType: (reason as Error)?.name }, 'unhandled rejection in main thread'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Bilik failed to start: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
