// Where the project's files are, whether running from dist/ or from source.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'views', 'layout'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the project root (views/layout) above ${start}`);
}

export const PROJECT_ROOT = process.env.BILIK_ROOT ?? findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
