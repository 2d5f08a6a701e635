// defineModule / defineWorker: the two halves of a module. The manifest is data
// the kernel reads in the main thread; the worker definition is code that only
// ever runs inside the module's worker threads.
import type { HttpMethod, ModuleManifest, Permission, RouteDef, RouteDocs, RouteKind, WorkerDefinition } from './types.js';

const NAME = /^[a-z][a-z0-9]*$/;

export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  if (!NAME.test(manifest.name)) throw new Error(`module name "${manifest.name}" must be lower-case letters and digits`);
  const seen = new Set<string>();
  for (const r of manifest.routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`${manifest.name}: route ${key} declared twice`);
    seen.add(key);
    if (!r.permission) throw new Error(`${manifest.name}: route ${key} declares no permission`);
    if (r.kind === 'api' && !r.path.startsWith('/api/v1/')) throw new Error(`${manifest.name}: API route ${key} must live under /api/v1/`);
    if (r.kind !== 'api' && r.path.startsWith('/api/')) throw new Error(`${manifest.name}: ${key} is under /api/ but is not an API route`);
    const known = r.permission === 'public' || r.permission === 'authenticated' || r.permission in manifest.permissions;
    if (!known) throw new Error(`${manifest.name}: route ${key} uses permission "${r.permission}" that the module does not grant to any role`);
  }
  return Object.freeze(manifest);
}

export function defineWorker(def: WorkerDefinition): WorkerDefinition {
  return def;
}

/** One line per route in a module's routes.ts. */
export function route(
  method: HttpMethod,
  path: string,
  permission: Permission,
  handler: string,
  kind: RouteKind,
  extra: RouteDocs & { view?: string; formView?: string; title?: string } = {},
): RouteDef {
  return { method, path, permission, handler, kind, ...extra };
}
