// Every stable error spec in the app: the kernel's and each module's errors.ts
// exports. Shared by the error-code documentation and catalog tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelErrors, type ErrorSpec } from '../../src/kernel/index.js';
import { modules } from '../../src/modules/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function specsOf(obj: Record<string, unknown>): ErrorSpec[] {
  return Object.values(obj).filter((v): v is ErrorSpec => !!v && typeof v === 'object' && 'code' in v && 'status' in v);
}

export async function allErrorSpecs(): Promise<Array<ErrorSpec & { owner: string }>> {
  const out = specsOf(KernelErrors).map((s) => ({ ...s, owner: 'kernel' }));
  for (const m of modules) {
    const mod = (await import(path.join(ROOT, 'src/modules', m.name, 'errors.ts'))) as Record<string, unknown>;
    for (const exported of Object.values(mod)) {
      if (exported && typeof exported === 'object') out.push(...specsOf(exported as Record<string, unknown>).map((s) => ({ ...s, owner: m.name })));
    }
  }
  return out;
}
