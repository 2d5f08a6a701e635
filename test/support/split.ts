// Split mode for the suites: a gateway and module services as real processes on
// loopback. Module services take a random port (PORT=0, read from the banner);
// the gateway's port is picked first, because the services reach the staff
// module through it (REMOTE_STAFF_URL) and it reaches them.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBilik, type Bilik, type StartOptions } from './server.js';

export const INTERNAL_SECRET = 'split-suite-internal-secret-0123456789abcdef';

/** A port nobody listens on right now (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function portOf(b: Bilik): number {
  return Number(new URL(b.url).port);
}

export interface NodeSpec {
  /** MODULES of this process. */
  modules: string[];
  /** module → base URL of the process that hosts it. */
  remotes?: Record<string, string>;
  port?: number;
  dataDir?: string;
  env?: Record<string, string>;
}

/** One split-mode process with its own data dir, kept across stop() so it can be restarted in place. */
export function startNode(spec: NodeSpec, opts: Omit<StartOptions, 'env' | 'dataDir'> = {}): Promise<Bilik> {
  const env: Record<string, string> = {
    MODULES: spec.modules.join(','),
    BILIK_INTERNAL_SECRET: INTERNAL_SECRET,
    ...(spec.port !== undefined && { PORT: String(spec.port) }),
    ...Object.fromEntries(Object.entries(spec.remotes ?? {}).map(([m, url]) => [`REMOTE_${m.toUpperCase()}_URL`, url])),
    ...spec.env,
  };
  return startBilik({ ...opts, env, dataDir: spec.dataDir ?? mkdtempSync(path.join(os.tmpdir(), `bilik-split-${spec.modules.join('-')}-`)), keepData: true });
}

/** Module states from /ready: name → { state, transport, ... }. */
export async function readyModules(url: string): Promise<Record<string, { state: string; transport: string; breaker: string; workers: number }>> {
  const res = await fetch(`${url}/ready`);
  return ((await res.json()) as { modules: Record<string, { state: string; transport: string; breaker: string; workers: number }> }).modules;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
