// Architecture test: the compartments stay compartments.
//  - src/modules/<a> imports only its own files and src/kernel/index (the public API);
//    never another module's folder, never kernel internals, never express.
//  - src/modules/index.ts (the explicit module list) imports only module manifests.
//  - src/kernel never imports from src/modules.
// Specifiers are read with the TypeScript parser (static imports, `import type`,
// export-from, `import x = require()`, `import()` calls and `import('x')` types),
// so comments and strings that merely look like imports are not counted.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface SourceFile {
  /** Repo-relative, forward slashes: 'src/modules/staff/index.ts'. */
  path: string;
  text: string;
}

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Every module specifier a file names (string literals only). */
function extractSpecifiers(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const literal = (node: ts.Node | undefined): void => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) out.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) literal(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) literal(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const KERNEL_API = new Set(['src/kernel/index.js', 'src/kernel/index.ts']);
const isExpress = (s: string) => s === 'express' || s.startsWith('express/');
const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..';

/** Repo-relative target of a relative or absolute specifier; null for packages. */
function resolveTarget(fromFile: string, specifier: string): string | null {
  if (isRelative(specifier)) return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  if (specifier.startsWith('/')) return path.relative(ROOT, specifier).split(path.sep).join('/');
  return null;
}

/** 'src/modules/<m>/...' → '<m>'; anything else → null. */
function moduleOf(p: string): string | null {
  const m = /^src\/modules\/([^/]+)\/.+/.exec(p);
  return m ? m[1]! : null;
}

function checkBoundaries(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const own = moduleOf(file.path);
    const isModuleList = file.path === 'src/modules/index.ts';
    const inKernel = file.path.startsWith('src/kernel/');
    for (const specifier of extractSpecifiers(file.path, file.text)) {
      const report = (rule: string) => violations.push({ file: file.path, specifier, rule });
      const target = resolveTarget(file.path, specifier);
      if (inKernel) {
        if (target !== null && (target === 'src/modules' || target.startsWith('src/modules/'))) report('the kernel must not import from src/modules');
        continue;
      }
      if (own === null && !isModuleList) continue;
      if (isExpress(specifier)) {
        report('modules must not import express');
        continue;
      }
      if (isModuleList) {
        const isManifest = target !== null && /^src\/modules\/[^/]+\/index\.(js|ts)$/.test(target);
        if (!isManifest && !(target !== null && KERNEL_API.has(target))) report('src/modules/index.ts may import only src/modules/<m>/index.js');
        continue;
      }
      if (target === null) continue; // a package (node:*, zod, ...)
      const targetModule = moduleOf(target);
      if (targetModule === own) continue;
      if (targetModule !== null) report(`module "${own}" imports from module "${targetModule}"'s folder`);
      else if (target === 'src/kernel' || target.startsWith('src/kernel/')) {
        if (!KERNEL_API.has(target)) report('modules may import from the kernel only src/kernel/index.js');
      } else if (target.startsWith('src/') || target === 'src') report(`module "${own}" imports ${target}, outside its own folder`);
    }
  }
  return violations;
}

function walk(dirAbs: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dirAbs, { withFileTypes: true })) {
    const abs = path.join(dirAbs, entry.name);
    if (entry.isDirectory()) out.push(...walk(abs));
    else if (/\.(ts|mts|cts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(abs);
  }
  return out;
}

const load = (dir: string): SourceFile[] =>
  walk(path.join(ROOT, dir)).map((abs) => ({ path: path.relative(ROOT, abs).split(path.sep).join('/'), text: readFileSync(abs, 'utf8') }));

describe('architecture boundaries (this repository)', () => {
  const moduleFolders = readdirSync(path.join(ROOT, 'src/modules'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const moduleFiles = load('src/modules');
  const kernelFiles = load('src/kernel');

  it('scans at least two module folders and the kernel', () => {
    expect(moduleFolders.length).toBeGreaterThanOrEqual(2);
    expect(kernelFiles.length).toBeGreaterThan(5);
    expect(kernelFiles.some((f) => f.path === 'src/kernel/index.ts')).toBe(true);
  });

  it('modules import only their own files and the kernel public API; the kernel imports no module', () => {
    const violations = checkBoundaries([...moduleFiles, ...kernelFiles]);
    const readable = violations.map((v) => `${v.file}: '${v.specifier}' — ${v.rule}`);
    expect(readable).toEqual([]);
  });
});

describe('boundary checker (self-test on fixtures)', () => {
  const check = (p: string, text: string) => checkBoundaries([{ path: p, text }]);
  const STAFF = 'src/modules/staff/handlers/login.ts';

  it('reports a module importing another module\'s file', () => {
    const v = check(STAFF, "import { find } from '../../patients/handlers/x.js';\n");
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ file: STAFF, specifier: '../../patients/handlers/x.js' });
    expect(v[0]?.rule).toContain('"patients"');
    const top = check('src/modules/staff/index.ts', "import x from '../patients/handlers/x.js';");
    expect(top).toHaveLength(1);
  });

  it('sees export-from, import type, dynamic import(), import types and require', () => {
    const text = [
      "export { a } from '../../patients/a.js';",
      "export * from '../../patients/b.js';",
      "import type { T } from '../../patients/types.js';",
      "const m = await import('../../patients/c.js');",
      "type U = import('../../patients/d.js').U;",
      "import e = require('../../patients/e.js');",
      'const f = await import(`../../patients/f.js`);',
    ].join('\n');
    expect(check(STAFF, text).map((v) => v.specifier)).toEqual([
      '../../patients/a.js',
      '../../patients/b.js',
      '../../patients/types.js',
      '../../patients/c.js',
      '../../patients/d.js',
      '../../patients/e.js',
      '../../patients/f.js',
    ]);
  });

  it('ignores import-looking text in comments and strings', () => {
    const text = "// import x from '../../patients/x.js';\nconst s = \"import('../../patients/y.js')\";\n/* export * from 'express' */";
    expect(check(STAFF, text)).toEqual([]);
  });

  it('allows own files, the kernel public API and packages', () => {
    const text = [
      "import { defineModule } from '../../../../kernel/index.js';",
      "import type { HandlerContext } from '../../../../kernel/index.js';",
      "import { q } from '../queries.js';",
      "import { r } from '../../../staff/repo.js';",
      "import { z } from 'zod';",
      "import path from 'node:path';",
      "import expressive from 'expressive-thing';",
    ].join('\n');
    expect(check('src/modules/staff/handlers/deep/list.ts', text)).toEqual([]);
  });

  it('does not confuse a module with a sibling whose name shares a prefix', () => {
    expect(check('src/modules/staff/a.ts', "import x from '../staffing/x.js';")).toHaveLength(1);
  });

  it('reports kernel internals, express and other src files imported by a module', () => {
    const text = [
      "import { CircuitBreaker } from '../../../kernel/runtime/breaker.js';",
      "import { defineModule } from '../../../kernel/define-module.js';",
      "import { x } from '../../../kernel/index';",
      "import express from 'express';",
      "import type { Request } from 'express/lib/request';",
      "import { modules } from '../../index.js';",
    ].join('\n');
    const v = check(STAFF, text);
    expect(v.map((x) => x.specifier)).toEqual([
      '../../../kernel/runtime/breaker.js',
      '../../../kernel/define-module.js',
      '../../../kernel/index',
      'express',
      'express/lib/request',
      '../../index.js',
    ]);
  });

  it('reports the kernel importing a module', () => {
    const v = check('src/kernel/runtime/x.ts', "import p from '../../modules/patients/index.js';\nimport e from 'express';\nconst w = import('../../modules/staff/worker.js');");
    expect(v.map((x) => x.specifier)).toEqual(['../../modules/patients/index.js', '../../modules/staff/worker.js']);
  });

  it('lets the module list import only module manifests', () => {
    const ok = "import patients from './patients/index.js';\nimport staff from './staff/index.js';\nimport type { ModuleManifest } from '../kernel/index.js';";
    expect(check('src/modules/index.ts', ok)).toEqual([]);
    const bad = "import { list } from './patients/handlers/list.js';\nimport { x } from '../kernel/config.js';\nimport z from 'zod';\nimport w from './patients/sub/index.js';";
    expect(check('src/modules/index.ts', bad).map((v) => v.specifier)).toEqual(['./patients/handlers/list.js', '../kernel/config.js', 'zod', './patients/sub/index.js']);
  });
});
