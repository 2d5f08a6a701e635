// Lifecycle of the whole process: config → kernel (modules, migrations) → HTTP.
// Stop runs in reverse: stop accepting, drain in-flight requests, stop module
// pools (their databases close with their threads), exit.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { Kernel } from './kernel.js';
import { createMetrics } from './metrics.js';
import { createApp } from './http/server.js';
import type { ModuleManifest } from './types.js';

export interface RunningApp {
  config: Config;
  kernel: Kernel;
  server: http.Server;
  url: string;
  messages: string[];
  log: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  modules: readonly ModuleManifest[];
  env?: NodeJS.ProcessEnv;
  version?: string;
  authModule?: string;
}

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const config = loadConfig(opts.env ?? process.env, opts.modules);
  const log = pino({ level: config.LOG_LEVEL, base: { thread: 'main' } });
  const metrics = createMetrics();
  const kernel = new Kernel({ config, modules: opts.modules, log, metrics });
  // Split mode: routes, nav and panels of the modules reachable from here (local
  // or remote); permissions and catalogs of all of them.
  const served = opts.modules.filter((m) => kernel.placement(m.name) !== 'absent');
  let ready = false;
  const app = createApp({
    kernel,
    manifests: served,
    catalogs: opts.modules.map((m) => m.messages),
    ...(config.BILIK_INTERNAL_SECRET && { internalSecret: config.BILIK_INTERNAL_SECRET }),
    metrics,
    log,
    chaos: config.BILIK_CHAOS,
    secureCookies: config.BILIK_COOKIE_SECURE,
    trustProxy: config.BILIK_TRUST_PROXY,
    authCacheMs: config.BILIK_AUTH_CACHE_MS,
    authModule: opts.authModule ?? 'staff',
    version: opts.version ?? '0.0.0',
    isReady: () => ready,
    locale: config.BILIK_LOCALE,
    timeZone: config.BILIK_TIMEZONE,
  });
  if (config.BILIK_CHAOS) log.warn('BILIK_CHAOS=1: fault injection is enabled (POST /_chaos). Never use this in a clinic.');

  let messages: string[];
  try {
    messages = await kernel.start();
  } catch (err) {
    await kernel.stop();
    throw err;
  }
  const server = http.createServer(app);
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  ready = true;
  const addr = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${addr.port}`;
  log.info({ url, dataDir: config.dataDir, modules: config.localModules, remotes: config.remotes }, 'bilik ready');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      ready = false;
      log.info('shutting down: no new connections, draining requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), config.BILIK_SHUTDOWN_MS).unref())]);
      if (!drained) {
        log.warn('drain timed out; closing remaining connections');
        server.closeAllConnections();
      }
      await kernel.stop();
      log.info('stopped');
    })();
    return stopping;
  };
  return { config, kernel, server, url, messages, log, stop };
}
