#!/usr/bin/env node
// `npm run build:binary`: one Linux x64 executable, dist/bilik, made with Node's
// single executable applications (SEA) and postject.
//
// SEA runs one CommonJS file, but Bilik is ESM across many files, piscina needs
// its worker files on disk and better-sqlite3/argon2 are native addons that only
// load from a real file. So the executable carries a packed copy of what
// `npm start` runs (dist/src, views, package.json and the production
// dependencies, addons included) as a SEA asset; deploy/binary/sea-main.cjs
// unpacks it into a private temp folder at start and imports dist/src/main.js
// from there. See deploy/binary/README.md.
//
//   node scripts/build-binary.mjs [--if-stale] [--out <file>]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const OUT = path.resolve(root, outIdx >= 0 ? args[outIdx + 1] : 'dist/bilik');
const WORK = path.join(root, 'dist', 'sea');
const LOADER = path.join(root, 'deploy', 'binary', 'sea-main.cjs');
// The fuse string Node's SEA support looks for (same for every Node version with SEA).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const MAGIC = 'BILIKPK1';
const say = (m) => process.stderr.write(`[build:binary] ${m}\n`);

// Needed only to install (download or compile the addon), never at run time.
const INSTALL_ONLY = new Set(['prebuild-install']);

/** Production dependency folders, by Node's own resolution from each package's dependencies. */
export function runtimePackages(projectRoot) {
  const pkgJson = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const resolve = (name, fromDir) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const cand = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
      if (dir === projectRoot || dir === path.dirname(dir)) return null;
    }
  };
  const found = new Set();
  const visit = (dir, required, optional) => {
    for (const name of required) {
      if (INSTALL_ONLY.has(name)) continue;
      const at = resolve(name, dir);
      if (!at) throw new Error(`runtime dependency ${name} (of ${path.relative(projectRoot, dir) || 'bilik'}) is not installed: run npm install`);
      walk(at);
    }
    // Optional and peer dependencies come along when installed (platform packages, optional integrations).
    for (const name of optional) {
      const at = INSTALL_ONLY.has(name) ? null : resolve(name, dir);
      if (at) walk(at);
    }
  };
  const walk = (dir) => {
    if (found.has(dir)) return;
    found.add(dir);
    const p = pkgJson(dir);
    visit(dir, Object.keys(p.dependencies ?? {}), [...Object.keys(p.optionalDependencies ?? {}), ...Object.keys(p.peerDependencies ?? {})]);
  };
  const top = pkgJson(projectRoot);
  visit(projectRoot, Object.keys(top.dependencies ?? {}), Object.keys(top.optionalDependencies ?? {}));
  return [...found].sort();
}

// Top-level folders of a package that hold its own tests, benchmarks and docs.
const DROP_TOP_DIR = new Set(['test', 'tests', '__tests__', 'benchmark', 'benchmarks', 'bench', 'docs', 'doc', 'example', 'examples']);
// Bilik is ESM: packages that ship a CommonJS twin of the same code need only the ESM one.
const PRUNE = { kysely: ['dist/cjs/'] };
const DROP_FILE = /\.(d\.ts|d\.mts|d\.cts|map|md|markdown|ts|mts|cts|gyp|gypi|cc|cpp|c|h|hpp|o|a|mk)$/i;

/** Whether a file inside a dependency is needed at run time (docs, types and addon sources are not). */
function keepDependencyFile(pkgName, rel, isNative) {
  const parts = rel.split('/');
  if (parts.includes('.github') || (parts.length > 1 && DROP_TOP_DIR.has(parts[0]))) return false;
  if ((PRUNE[pkgName] ?? []).some((prefix) => rel.startsWith(prefix))) return false;
  const name = parts.at(-1);
  // Licences travel with the code they cover.
  if (/^(licen[cs]e|copying|notice)/i.test(name)) return true;
  if (/^(readme|changelog|history)/i.test(name) || DROP_FILE.test(rel)) return false;
  if (isNative) {
    // Compiled addons: only the built .node files for this platform.
    if (parts[0] === 'deps' || parts[0] === 'src') return false;
    if (parts[0] === 'build') return parts.length === 3 && parts[1] === 'Release' && rel.endsWith('.node') && !rel.endsWith('test_extension.node');
    if (parts[0] === 'prebuilds') return parts[1] === `${process.platform}-${process.arch}`;
  }
  return true;
}

function listFiles(dir, base = dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules') continue; // nested packages are visited as packages
      listFiles(full, base, out);
    } else if (e.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** [archive path, absolute source or Buffer] for everything the app needs at run time. */
export function collectFiles(projectRoot) {
  const files = [];
  const version = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;
  // main.ts reads the version; "type": "module" makes dist/*.js ESM.
  files.push(['package.json', Buffer.from(JSON.stringify({ name: 'bilik', version, private: true, type: 'module' }, null, 2))]);
  // The SEA main is CommonJS with a built-ins-only require: it loads this shim from disk to get import().
  files.push(['boot.cjs', Buffer.from('module.exports = (url) => import(url);\n')]);
  const dist = path.join(projectRoot, 'dist', 'src');
  if (!fs.existsSync(path.join(dist, 'main.js'))) throw new Error('dist/src/main.js is missing: run npm run build first');
  for (const rel of listFiles(dist)) if (rel.endsWith('.js') && !rel.endsWith('.test.js')) files.push([`dist/src/${rel}`, path.join(dist, rel)]);
  const views = path.join(projectRoot, 'views');
  for (const rel of listFiles(views)) files.push([`views/${rel}`, path.join(views, rel)]);
  for (const pkgDir of runtimePackages(projectRoot)) {
    const isNative = fs.existsSync(path.join(pkgDir, 'binding.gyp'));
    const relPkg = path.relative(projectRoot, pkgDir).split(path.sep).join('/');
    const name = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).name;
    for (const rel of listFiles(pkgDir)) if (keepDependencyFile(name, rel, isNative)) files.push([`${relPkg}/${rel}`, path.join(pkgDir, rel)]);
  }
  return files;
}

/**
 * The pack: MAGIC, a little-endian u32 header length, a JSON header
 * [[path, mode, size], ...], then the files' bytes in header order; the whole
 * thing brotli-compressed. Read by deploy/binary/sea-main.cjs.
 */
export function pack(files) {
  const header = [];
  const bodies = [];
  for (const [rel, src] of files) {
    const data = Buffer.isBuffer(src) ? src : fs.readFileSync(src);
    const mode = Buffer.isBuffer(src) ? 0o644 : fs.statSync(src).mode & 0o777;
    header.push([rel, mode, data.length]);
    bodies.push(data);
  }
  const h = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length);
  const raw = Buffer.concat([Buffer.from(MAGIC), len, h, ...bodies]);
  const packed = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return { packed, rawSize: raw.length, count: header.length };
}

function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const rel of listFiles(p)) newest = Math.max(newest, fs.statSync(path.join(p, rel)).mtimeMs);
    } else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** Inputs whose change means the binary must be rebuilt. */
function isStale() {
  if (!fs.existsSync(OUT)) return true;
  const inputs = ['dist/src', 'views', 'package.json', 'package-lock.json', 'deploy/binary/sea-main.cjs', 'scripts/build-binary.mjs'].map((p) => path.join(root, p));
  return newestMtime(inputs) > fs.statSync(OUT).mtimeMs;
}

function build() {
  if (process.platform !== 'linux' || process.arch !== 'x64') say(`warning: building on ${process.platform}-${process.arch}; the result runs only there`);
  const t0 = Date.now();
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const files = collectFiles(root);
  const { packed, rawSize, count } = pack(files);
  fs.writeFileSync(path.join(WORK, 'app.pack'), packed);
  say(`packed ${count} files, ${(rawSize / 1e6).toFixed(1)} MB → ${(packed.length / 1e6).toFixed(1)} MB (${Date.now() - t0} ms)`);

  const config = {
    main: LOADER,
    output: path.join(WORK, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    useCodeCache: false,
    assets: { 'app.pack': path.join(WORK, 'app.pack') },
  };
  fs.writeFileSync(path.join(WORK, 'sea-config.json'), JSON.stringify(config, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', path.join(WORK, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });

  // The executable is this very Node (the one the addons were compiled for) plus the blob.
  const tmpOut = `${OUT}.tmp`;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.copyFileSync(process.execPath, tmpOut);
  fs.chmodSync(tmpOut, 0o755);
  // Node's own symbol/debug tables are ~12 MB that a clinic server never needs; .dynsym
  // (which addons link against) stays. Skipped when strip is missing or BILIK_BINARY_STRIP=0.
  if (process.env.BILIK_BINARY_STRIP !== '0') {
    try {
      execFileSync('strip', ['--strip-all', tmpOut], { stdio: 'ignore' });
    } catch {
      say('strip not available: keeping the symbol tables');
    }
  }
  const postject = path.join(root, 'node_modules', 'postject', 'dist', 'cli.js');
  // postject's LIEF prints harmless "Can't find string offset" warnings for Node's notes.
  execFileSync(process.execPath, [postject, tmpOut, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', FUSE], { stdio: 'ignore' });
  fs.renameSync(tmpOut, OUT);
  const size = fs.statSync(OUT).size;
  say(`wrote ${path.relative(root, OUT)}: ${(size / 1e6).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}` || path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  if (args.includes('--if-stale') && !isStale()) say(`${path.relative(root, OUT)} is up to date`);
  else build();
}
