// Static checks of everything under deploy/ (no Docker engine or cluster runs
// here): every YAML/JSON parses; the Dockerfile is multi-stage, slim, non-root,
// production-only, with a HEALTHCHECK; the Compose files publish only Bilik and
// Grafana and wire every module of src/modules/index.ts; the Kubernetes objects
// cover every module with probes on real kernel endpoints, resources, HPA, PDB,
// and config from a ConfigMap and a Secret. The environment each container
// gets is run through the app's own loadConfig, so the wiring is what the
// kernel accepts, not just well-formed YAML.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server.js';

const DEPLOY = path.join(ROOT, 'deploy');
const SECRET_SAMPLE = 's'.repeat(48);

interface Manifest {
  name: string;
  calls: readonly string[];
}
type LoadConfig = (env: NodeJS.ProcessEnv, modules: readonly Manifest[]) => { localModules: string[]; remotes: Record<string, string>; DATABASE_URL?: string };

let modules: Manifest[] = [];
let names: string[] = [];
let probePaths: string[] = [];
let loadConfig: LoadConfig;

beforeAll(async () => {
  const dist = (p: string) => pathToFileURL(path.join(ROOT, 'dist/src', p)).href;
  modules = [...((await import(dist('modules/index.js'))) as { modules: Manifest[] }).modules];
  names = modules.map((m) => m.name);
  const { kernelRoutes } = (await import(dist('kernel/http/kernel-routes.js'))) as { kernelRoutes: (chaos: boolean) => Array<{ method: string; path: string; permission: string }> };
  probePaths = kernelRoutes(false).filter((r) => r.method === 'GET' && r.permission === 'public').map((r) => r.path);
  loadConfig = ((await import(dist('kernel/config.js'))) as { loadConfig: LoadConfig }).loadConfig;
});

function filesUnder(dir: string, test: (f: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(full, test, out);
    else if (test(e.name)) out.push(full);
  }
  return out;
}

const readYaml = (rel: string) => parse(fs.readFileSync(path.join(DEPLOY, rel), 'utf8'));
const upper = (m: string) => m.toUpperCase();

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} with `vars` as deploy/.env. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

/** The environment the app sees: interpolated, *_FILE secrets read (as the entrypoint does). */
function containerEnv(env: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, raw] of Object.entries(env)) {
    const v = interpolate(String(raw), vars);
    if (k.endsWith('_FILE') && v.startsWith('/run/secrets/')) out[k.slice(0, -5)] = SECRET_SAMPLE;
    else out[k] = v;
  }
  return out;
}

// ------------------------------------------------------------------ every file

describe('deploy/ files', () => {
  it('every YAML and JSON file parses (Compose, Kubernetes, Prometheus, Grafana)', () => {
    const files = filesUnder(DEPLOY, (f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (f.endsWith('.json')) expect(() => JSON.parse(text), f).not.toThrow();
      else for (const doc of parseAllDocuments(text)) expect(doc.errors.map((e) => e.message), f).toEqual([]);
    }
  });

  it('the per-module files are current with the module list (deploy/generate.mjs --check)', () => {
    const r = spawnSync(process.execPath, [path.join(DEPLOY, 'generate.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('the kernel serves the probe endpoints the manifests use', () => {
    expect(probePaths).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics']));
  });

  it('shell scripts are valid POSIX sh', () => {
    for (const f of filesUnder(DEPLOY, (n) => n.endsWith('.sh'))) {
      const r = spawnSync('sh', ['-n', f], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
  });
});

// ------------------------------------------------------------------ Dockerfile

interface Stage {
  from: string;
  name: string;
  instructions: Array<{ op: string; args: string }>;
}

function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upperOp = op!.toUpperCase();
    if (upperOp === 'ARG' && stages.length === 0) {
      const [k, v] = rest!.split('=');
      args[k!] = v ?? '';
      continue;
    }
    if (upperOp === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest!)!;
      const from = m[1]!.replace(/\$\{(\w+)\}/g, (_x, k: string) => args[k] ?? '');
      stages.push({ from, name: m[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push({ op: upperOp, args: rest! });
  }
  return stages;
}

describe('deploy/Dockerfile', () => {
  const text = () => fs.readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');

  it('is multi-stage: builds with dev dependencies, runs on node:20-bookworm-slim', () => {
    const stages = dockerStages(text());
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime.from).toBe('node:20-bookworm-slim');
    const build = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /\btsc\b/.test(i.args)));
    expect(build, 'a stage compiles the TypeScript').toBeDefined();
    expect(build!.instructions.some((i) => i.op === 'RUN' && /npm ci(?![^&]*--omit=dev)/.test(i.args)), 'the build stage installs dev dependencies').toBe(true);
    for (const s of stages) expect(s.from, `${s.name} pins Node 20`).toMatch(/^node:20[.-]/);
  });

  it('runtime stage: production dependencies only, non-root, HEALTHCHECK on /health, /data volume, port 8080', () => {
    const stages = dockerStages(text());
    const runtime = stages.at(-1)!;
    const ins = runtime.instructions;
    // No package installs at run time; node_modules comes from a stage that omitted dev dependencies.
    expect(ins.filter((i) => i.op === 'RUN' && /\bnpm (ci|install|i)\b/.test(i.args))).toEqual([]);
    const copies = ins.filter((i) => i.op === 'COPY' && /node_modules/.test(i.args));
    expect(copies.length).toBe(1);
    const from = /--from=(\S+)/.exec(copies[0]!.args)?.[1];
    const source = stages.find((s) => s.name === from);
    expect(source, `node_modules is copied from stage ${from}`).toBeDefined();
    const installs = source!.instructions.filter((i) => i.op === 'RUN' && /\bnpm (ci|install|i)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const i of installs) expect(i.args).toMatch(/--omit=dev/);
    // dist comes from the build stage; no source, no tests, no dev tool in the image.
    expect(ins.some((i) => i.op === 'COPY' && /dist\/src/.test(i.args) && /--from=/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'COPY' && /^(\S+\s+)*(src|test)\s/.test(i.args) && !/--from=/.test(i.args))).toBe(false);

    const users = ins.filter((i) => i.op === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    const created = ins.find((i) => i.op === 'RUN' && /useradd/.test(i.args))?.args ?? '';
    expect(created).toMatch(new RegExp(`--uid (\\d+).*\\b${users.at(-1)}\\b`));
    expect(Number(/--uid (\d+)/.exec(created)![1])).toBeGreaterThan(0);

    const health = ins.filter((i) => i.op === 'HEALTHCHECK');
    expect(health.length).toBe(1);
    expect(health[0]!.args).toMatch(/CMD \["node"/); // slim has no curl
    const probe = /\/(health|ready)\b/.exec(health[0]!.args)?.[0];
    expect(probe).toBe('/health');
    expect(probePaths).toContain(probe);

    expect(ins.some((i) => i.op === 'VOLUME' && /\/data\b/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'ENV' && /DATA_DIR=\/data\b/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'EXPOSE' && /^8080\b/.test(i.args))).toBe(true);
    expect(ins.some((i) => i.op === 'ENV' && /PORT=8080\b/.test(i.args))).toBe(true);
  });

  it('every file the Dockerfile copies from the context is let through by Dockerfile.dockerignore', () => {
    const ignore = fs.readFileSync(path.join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/\*\*$/, ''));
    for (const s of dockerStages(text())) {
      for (const i of s.instructions.filter((x) => x.op === 'COPY' && !x.args.includes('--from='))) {
        const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
        for (const src of parts.slice(0, -1)) {
          expect(allowed, `COPY ${src}`).toContain(src.replace(/\/$/, ''));
          expect(fs.existsSync(path.join(ROOT, src)), `${src} exists`).toBe(true);
        }
      }
    }
  });

  it('the entrypoint reads *_FILE secrets and refuses a variable given twice', () => {
    const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bilik-entrypoint-')), 'secret');
    fs.writeFileSync(secretFile, 'from-a-file\n');
    const script = path.join(DEPLOY, 'docker-entrypoint.sh');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', BILIK_INTERNAL_SECRET_FILE: secretFile };
    const ok = spawnSync('sh', [script, 'env'], { env, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('BILIK_INTERNAL_SECRET=from-a-file\n');
    expect(ok.stdout).not.toContain('BILIK_INTERNAL_SECRET_FILE');
    const twice = spawnSync('sh', [script, 'env'], { env: { ...env, BILIK_INTERNAL_SECRET: 'x' }, encoding: 'utf8' });
    expect(twice.status).toBe(2);
    fs.rmSync(path.dirname(secretFile), { recursive: true, force: true });
  });
});

// ------------------------------------------------------------------ Compose

const ENV_FILE: Record<string, string> = {
  POSTGRES_PASSWORD: 'pg',
  BILIK_DB_PASSWORD: 'mono',
  BILIK_ADMIN_PASSWORD: 'admin-password-1',
  GRAFANA_ADMIN_PASSWORD: 'grafana',
};

describe('deploy/compose.yml (monolith)', () => {
  const compose = () => readYaml('compose.yml') as { services: Record<string, any>; networks: Record<string, any>; volumes: Record<string, any> };

  it('runs the monolith, Postgres, Prometheus, Grafana and node-exporter with pinned images', () => {
    const c = compose();
    expect(Object.keys(c.services).sort()).toEqual(['bilik', 'grafana', 'node-exporter', 'postgres', 'prometheus']);
    for (const [name, s] of Object.entries(c.services)) {
      const image = interpolate(s.image, ENV_FILE);
      expect(image, `${name} image`).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image, `${name} image is pinned`).not.toMatch(/:latest$/);
    }
    expect(c.services.bilik.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
  });

  it('publishes only Bilik (8080) and Grafana (3000); the rest is on an internal network', () => {
    const c = compose();
    const published = Object.entries(c.services).filter(([, s]) => s.ports).map(([n]) => n).sort();
    expect(published).toEqual(['bilik', 'grafana']);
    expect(interpolate(c.services.bilik.ports[0], ENV_FILE)).toBe('8080:8080');
    expect(interpolate(c.services.grafana.ports[0], ENV_FILE)).toBe('3000:3000');
    const internal = Object.entries(c.networks).filter(([, n]) => n?.internal === true).map(([n]) => n);
    expect(internal.length).toBe(1);
    for (const name of ['postgres', 'prometheus', 'node-exporter']) expect(c.services[name].networks, name).toEqual(internal);
    // Bilik and Grafana reach the internal services.
    for (const name of ['bilik', 'grafana']) expect(c.services[name].networks).toContain(internal[0]);
  });

  it('keeps Postgres data in a named volume and mounts the Prometheus and Grafana config from deploy/', () => {
    const c = compose();
    expect(c.services.postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(c.volumes)).toContain('pgdata');
    const binds = Object.values(c.services).flatMap((s: any) => (s.volumes ?? []) as string[]).filter((v) => v.startsWith('./'));
    expect(binds.some((b) => b.startsWith('./prometheus/'))).toBe(true);
    expect(binds.some((b) => b.startsWith('./grafana/provisioning:'))).toBe(true);
    expect(binds.some((b) => b.startsWith('./grafana/dashboards:/var/lib/grafana/dashboards/bilik'))).toBe(true);
    for (const b of binds) expect(fs.existsSync(path.join(DEPLOY, b.split(':')[0]!)), b).toBe(true);
  });

  it('the monolith config is what the kernel accepts: all modules here, on Postgres', () => {
    const env = containerEnv(compose().services.bilik.environment, ENV_FILE);
    const config = loadConfig(env, modules);
    expect(config.localModules).toEqual(names);
    expect(new URL(config.DATABASE_URL!).host).toBe('postgres:5432');
    expect(env.PORT).toBe('8080');
  });

  it('Prometheus (compose variant) scrapes Bilik, its module services and node-exporter with the jobs the alerts use', () => {
    const c = compose();
    const hostProm = readYaml('prometheus/prometheus.yml') as { scrape_configs: Array<{ job_name: string }> };
    const prom = readYaml('compose/prometheus.yml') as { rule_files: string[]; scrape_configs: Array<any> };
    expect(prom.scrape_configs.map((j) => j.job_name).sort()).toEqual(hostProm.scrape_configs.map((j) => j.job_name).sort());
    const bilik = prom.scrape_configs.find((j) => j.job_name === 'bilik')!;
    expect(bilik.metrics_path).toBe('/metrics');
    expect(probePaths).toContain('/metrics');
    expect(bilik.static_configs[0].targets).toEqual(['bilik:8080']);
    expect([...bilik.dns_sd_configs[0].names].sort()).toEqual([...names].sort());
    const node = prom.scrape_configs.find((j) => j.job_name === 'node')!;
    expect(node.static_configs[0].targets).toEqual(['node-exporter:9100']);
    // The rule file is mounted beside the config.
    expect(c.services.prometheus.volumes).toContain(`./prometheus/${prom.rule_files[0]}:/etc/prometheus/${prom.rule_files[0]}:ro`);
    const ds = readYaml('grafana/provisioning/datasources/prometheus.yml') as { datasources: Array<{ url: string }> };
    expect(new URL(ds.datasources[0]!.url).hostname).toBe('prometheus');
  });
});

describe('deploy/compose.split.yml (gateway + a container per module)', () => {
  const split = () => readYaml('compose.split.yml') as { services: Record<string, any>; secrets: Record<string, { file: string }> };
  const allOut: Record<string, string> = { ...ENV_FILE };
  beforeAll(() => {
    for (const m of names) {
      allOut[`REMOTE_${upper(m)}_URL`] = `http://${m}:8080`;
      allOut[`${upper(m)}_DB_PASSWORD`] = `pw-${m}`;
    }
  });

  it('has a service for every module of the module list, with its own database role and nothing published', () => {
    const s = split().services;
    for (const m of modules) {
      const svc = s[m.name];
      expect(svc, `service ${m.name}`).toBeDefined();
      expect(svc.profiles).toContain(m.name);
      expect(svc.ports).toBeUndefined();
      expect(svc.networks).toEqual(['backend']);
      expect(svc.secrets).toEqual(['bilik_internal_secret']);
      const env = containerEnv(svc.environment, allOut);
      expect(env.MODULES).toBe(m.name);
      const db = new URL(env.DATABASE_URL!);
      expect(db.username).toBe(m.name);
      expect(db.pathname).toBe(`/bilik_${m.name}`);
      expect(db.hostname).toBe('postgres');
      // Every callee is wired, nothing else.
      const remotes = Object.keys(env).filter((k) => /^REMOTE_\w+_URL$/.test(k)).sort();
      expect(remotes).toEqual(m.calls.map((c) => `REMOTE_${upper(c)}_URL`).sort());
    }
    expect(Object.keys(s).sort()).toEqual(['bilik', 'postgres', ...names].sort());
  });

  it('all modules out: the kernel accepts every service, and the gateway hosts none', () => {
    const s = split().services;
    for (const m of names) {
      const config = loadConfig(containerEnv(s[m].environment, allOut), modules);
      expect(config.localModules, m).toEqual([m]);
      for (const [callee, url] of Object.entries(config.remotes)) expect(url).toBe(`http://${callee}:8080`);
    }
    const gatewayEnv = containerEnv({ ...(readYaml('compose.yml') as any).services.bilik.environment, ...s.bilik.environment }, allOut);
    const gateway = loadConfig(gatewayEnv, modules);
    expect(gateway.localModules).toEqual([]);
    expect(Object.keys(gateway.remotes).sort()).toEqual([...names].sort());
  });

  it('one module out: it calls the modules still in the monolith at the gateway, and the gateway calls it', () => {
    const s = split().services;
    const out = 'patients';
    const vars = { ...ENV_FILE, REMOTE_PATIENTS_URL: 'http://patients:8080', PATIENTS_DB_PASSWORD: 'pw' };
    const svc = loadConfig(containerEnv(s[out].environment, vars), modules);
    expect(svc.localModules).toEqual([out]);
    for (const url of Object.values(svc.remotes)) expect(url).toBe('http://bilik:8080');
    const gateway = loadConfig(containerEnv({ ...(readYaml('compose.yml') as any).services.bilik.environment, ...s.bilik.environment }, vars), modules);
    expect(gateway.localModules).toEqual(names.filter((n) => n !== out));
    expect(gateway.remotes).toEqual({ [out]: 'http://patients:8080' });
  });

  it('Postgres creates a role and database per module; the internal secret comes from a Compose secret', () => {
    const s = split();
    expect(String(s.services.postgres.environment.BILIK_MODULES).split(' ').sort()).toEqual([...names].sort());
    for (const m of names) expect(s.services.postgres.environment).toHaveProperty(`${upper(m)}_DB_PASSWORD`);
    const init = fs.readFileSync(path.join(DEPLOY, 'compose/postgres-init/10-bilik-databases.sh'), 'utf8');
    expect(init).toMatch(/BILIK_MODULES/);
    expect(init).toMatch(/bilik_\$module/);
    expect(s.secrets.bilik_internal_secret.file).toBe('./secrets/bilik_internal_secret');
    expect(s.services.bilik.environment.BILIK_INTERNAL_SECRET_FILE).toBe('/run/secrets/bilik_internal_secret');
  });
});

// ------------------------------------------------------------------ Kubernetes

describe('deploy/k8s', () => {
  const K8S = path.join(DEPLOY, 'k8s');
  const all = () =>
    fs
      .readdirSync(K8S)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(K8S, f), 'utf8')).map((d) => ({ file: f, ...(d.toJS() as any) })));
  const ofKind = (kind: string) => all().filter((d) => d.kind === kind);
  const byName = (kind: string, name: string) => ofKind(kind).find((d) => d.metadata.name === name);
  const components = () => ['gateway', ...names];

  it('every object has apiVersion, kind and name; kustomization lists every file', () => {
    for (const d of all()) {
      expect(d.apiVersion, d.file).toBeTruthy();
      expect(d.kind, d.file).toBeTruthy();
      expect(d.metadata?.name, d.file).toBeTruthy();
    }
    const k = parse(fs.readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8'));
    expect([...k.resources].sort()).toEqual(fs.readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort());
    expect(k.images[0].name).toBe('bilik');
  });

  it('a Deployment, Service, HPA on CPU and PodDisruptionBudget per module and for the gateway', () => {
    for (const c of components()) {
      const name = `bilik-${c}`;
      const dep = byName('Deployment', name);
      expect(dep, `Deployment ${name}`).toBeDefined();
      const podLabels = dep.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(dep.spec.selector.matchLabels)) expect(podLabels[k]).toBe(v);
      const container = dep.spec.template.spec.containers[0];
      const svc = byName('Service', name);
      expect(svc, `Service ${name}`).toBeDefined();
      for (const [k, v] of Object.entries(svc.spec.selector)) expect(podLabels[k], `${name} service selects its pods`).toBe(v);
      const portNames = container.ports.map((p: any) => p.name);
      expect(portNames).toContain(svc.spec.ports[0].targetPort);
      expect(container.ports[0].containerPort).toBe(8080);
      const hpa = byName('HorizontalPodAutoscaler', name);
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      const pdb = byName('PodDisruptionBudget', name);
      expect(pdb.apiVersion).toBe('policy/v1');
      for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(podLabels[k]).toBe(v);
      expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas + 1);
    }
    expect(ofKind('Deployment').length).toBe(components().length);
  });

  it('containers: the bilik image, liveness on /health, readiness on /ready, requests and limits, non-root', () => {
    for (const dep of ofKind('Deployment')) {
      const pod = dep.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBe(10001);
      const c = pod.containers[0];
      expect(c.image).toMatch(/^bilik:[\w.-]+$/);
      expect(c.livenessProbe.httpGet.path).toBe('/health');
      expect(c.readinessProbe.httpGet.path).toBe('/ready');
      for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
        expect(probePaths, dep.metadata.name).toContain(p.httpGet.path);
        expect(c.ports.map((x: any) => x.name)).toContain(p.httpGet.port);
      }
      const mi = (v: string) => Number(/^(\d+)Mi$/.exec(v)![1]);
      const cpu = (v: string) => (v.endsWith('m') ? Number(v.slice(0, -1)) : Number(v) * 1000);
      expect(mi(c.resources.requests.memory)).toBeLessThanOrEqual(mi(c.resources.limits.memory));
      expect(cpu(c.resources.requests.cpu)).toBeLessThanOrEqual(cpu(c.resources.limits.cpu));
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      // Writable places the app needs with a read-only root.
      expect(c.volumeMounts.map((v: any) => v.mountPath).sort()).toEqual(['/data', '/tmp']);
    }
  });

  it('config comes from the ConfigMap and the Secret (placeholders only), and the kernel accepts each pod\'s environment', () => {
    const cm = byName('ConfigMap', 'bilik-config');
    const secret = byName('Secret', 'bilik-secrets');
    expect(cm).toBeDefined();
    expect(secret.type).toBe('Opaque');
    for (const [k, v] of Object.entries(secret.stringData as Record<string, string>)) expect(v, `${k} is a placeholder`).toContain('CHANGE-ME');
    const services = new Map(ofKind('Service').map((s) => [s.metadata.name, s.spec.ports[0].port]));
    for (const c of components()) {
      const container = byName('Deployment', `bilik-${c}`).spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'bilik-config' } }]);
      const env: Record<string, string> = { ...cm.data };
      for (const e of container.env) {
        if (e.valueFrom) {
          expect(e.valueFrom.secretKeyRef.name).toBe('bilik-secrets');
          expect(secret.stringData, `${c}: secret key ${e.valueFrom.secretKeyRef.key}`).toHaveProperty([e.valueFrom.secretKeyRef.key]);
          env[e.name] = e.name === 'BILIK_INTERNAL_SECRET' ? SECRET_SAMPLE : secret.stringData[e.valueFrom.secretKeyRef.key];
        } else env[e.name] = e.value;
      }
      const config = loadConfig(env, modules);
      // Remote URLs name an existing Service and its port.
      for (const url of Object.values(config.remotes)) {
        const u = new URL(url);
        expect(services.get(u.hostname), url).toBe(Number(u.port));
      }
      if (c === 'gateway') {
        expect(config.localModules).toEqual([]);
        expect(Object.keys(config.remotes).sort()).toEqual([...names].sort());
      } else {
        const m = modules.find((x) => x.name === c)!;
        expect(config.localModules).toEqual([c]);
        expect(Object.keys(config.remotes).sort()).toEqual([...m.calls].sort());
        expect(new URL(config.DATABASE_URL!).pathname).toBe(`/bilik_${c}`);
      }
    }
  });
});
