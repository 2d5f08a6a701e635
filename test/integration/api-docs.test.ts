// The OpenAPI document served by the running app: it covers every JSON route
// of every manifest, documents auth failures on protected operations, and
// describes the bodies the API really sends and accepts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleManifest, RouteDef } from '../../src/kernel/types.js';
import { ADMIN_PASSWORD, ROOT, json, startBilik, type Bilik } from '../support/server.js';

const { modules } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/modules/index.js')).href)) as { modules: readonly ModuleManifest[] };
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: string[];
  $ref?: string;
}
interface Operation {
  operationId: string;
  'x-permission': string;
  security?: unknown[];
  parameters: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  security: unknown[];
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
}

const apiRoutes: Array<{ module: string; route: RouteDef }> = modules.flatMap((m) => m.routes.filter((r) => r.kind === 'api').map((route) => ({ module: m.name, route })));
const docPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const label = (r: RouteDef) => `${r.method} ${r.path}`;

let b: Bilik;
let doc: Doc;
let res: Response;

beforeAll(async () => {
  b = await startBilik();
  res = await fetch(`${b.url}/api/v1/openapi.json`);
  doc = (await res.clone().json()) as Doc;
});
afterAll(async () => {
  await b?.stop();
});

const op = (p: string, method: string): Operation => doc.paths[p]![method]!;
const jsonSchemaOf = (o: Operation, status: string): Schema => o.responses[status]!.content!['application/json']!.schema;

/** The body has every required key, and no key the schema does not list. */
function conforms(value: unknown, schema: Schema, where: string): void {
  if (schema.type === 'array') {
    expect(Array.isArray(value), where).toBe(true);
    (value as unknown[]).forEach((v, i) => conforms(v, schema.items!, `${where}[${i}]`));
  } else if (schema.type === 'object' && schema.properties) {
    expect(value !== null && typeof value === 'object', where).toBe(true);
    const keys = Object.keys(value as object);
    for (const k of schema.required ?? []) expect(keys, `${where} lacks ${k}`).toContain(k);
    for (const k of keys) {
      expect(Object.keys(schema.properties), `${where}.${k} is undocumented`).toContain(k);
      conforms((value as Record<string, unknown>)[k], schema.properties[k]!, `${where}.${k}`);
    }
  } else if (schema.enum) {
    expect(schema.enum, where).toContain(value);
  } else if (schema.type === 'string' || schema.type === 'boolean') {
    expect(typeof value, where).toBe(schema.type);
  } else if (schema.type === 'integer') {
    expect(Number.isInteger(value), where).toBe(true);
  }
}

describe('GET /api/v1/openapi.json', () => {
  it('is public JSON, OpenAPI 3.1.0, versioned like the package, bearer by default', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error?.required).toEqual(['error']);
  });

  it('documents every api route of every manifest, and nothing else', () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const expected = apiRoutes.map(({ route }) => `${route.method} ${docPath(route.path)}`);
    expect(documented.sort()).toEqual([...expected].sort());
    for (const { module, route } of apiRoutes) {
      const p = docPath(route.path);
      expect(p, label(route)).not.toContain(':');
      const o = op(p, route.method.toLowerCase());
      expect(o, label(route)).toBeDefined();
      expect(o.operationId, label(route)).toBe(`${module}.${route.handler}`);
      expect(o['x-permission'], label(route)).toBe(route.permission);
      expect(Object.keys(o.responses).length, label(route)).toBeGreaterThan(0);
      expect(Object.keys(o.responses).some((s) => s.startsWith('2')), label(route)).toBe(true);
      const pathParams = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(o.parameters.filter((x) => x.in === 'path').map((x) => x.name), label(route)).toEqual(pathParams);
      expect(o.parameters.filter((x) => x.in === 'path').every((x) => x.required), label(route)).toBe(true);
      if (route.body) expect(o.requestBody?.content['application/json']?.schema, label(route)).toBeDefined();
      for (const r of Object.values(o.responses)) {
        const ref = r.content?.['application/json']?.schema.$ref;
        if (ref) expect(ref, label(route)).toBe('#/components/schemas/Error');
      }
    }
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every non-public operation documents 401 and 403; public ones opt out of security', () => {
    let protectedOps = 0;
    for (const { route } of apiRoutes) {
      const o = op(docPath(route.path), route.method.toLowerCase());
      if (route.permission === 'public') {
        expect(o.security, label(route)).toEqual([]);
      } else {
        protectedOps++;
        expect(o.responses['401'], label(route)).toBeDefined();
        expect(o.responses['403'], label(route)).toBeDefined();
        expect(o.security, label(route)).toBeUndefined();
      }
    }
    expect(protectedOps).toBeGreaterThanOrEqual(5);
  });

  it('POST /api/v1/staff/users documents its JSON request body and the 201/409/422 answers', () => {
    const o = op('/api/v1/staff/users', 'post');
    expect(o.requestBody?.required).toBe(true);
    const schema = o.requestBody!.content['application/json']!.schema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties!).sort()).toEqual(['fullName', 'password', 'roles', 'username']);
    expect(schema.properties!.username!.type).toBe('string');
    expect(schema.required).toEqual(expect.arrayContaining(['username', 'fullName', 'password', 'roles']));
    expect(schema.properties!.roles!.items!.enum).toEqual(['admin', 'doctor', 'nurse', 'front_desk', 'cashier']);
    expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '409', '422']));
    expect(o.responses['200']).toBeUndefined();
    const tokenOp = op('/api/v1/auth/token', 'post');
    expect(tokenOp.requestBody!.content['application/json']!.schema.required).toEqual(['username', 'password']);
    expect(Object.keys(tokenOp.responses)).toEqual(expect.arrayContaining(['200', '401', '422', '429']));
  });
});

describe('the document matches what the API sends', () => {
  it('token, me, user list and create responses conform to their documented schemas', async () => {
    const tokenRes = await fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    expect(tokenRes.status).toBe(200);
    const tokenBody = await json(tokenRes);
    conforms(tokenBody, jsonSchemaOf(op('/api/v1/auth/token', 'post'), '200'), 'token');
    const auth = { authorization: `Bearer ${tokenBody.token}` };

    const me = await fetch(`${b.url}/api/v1/staff/me`, { headers: auth });
    conforms(await json(me), jsonSchemaOf(op('/api/v1/staff/me', 'get'), '200'), 'me');

    const created = await fetch(`${b.url}/api/v1/staff/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'docs.check', fullName: 'Docs Check', password: 'Schema-Valid-1029', roles: ['doctor', 'nurse'] }),
    });
    expect(created.status).toBe(201);
    conforms(await json(created), jsonSchemaOf(op('/api/v1/staff/users', 'post'), '201'), 'created');

    const list = await json(await fetch(`${b.url}/api/v1/staff/users`, { headers: auth }));
    expect(list.items.length).toBe(2);
    conforms(list.items, jsonSchemaOf(op('/api/v1/staff/users', 'get'), '200').properties!.items!, 'list.items');
    // The JSON list carries only what the schema documents (no form state).
    conforms(list, jsonSchemaOf(op('/api/v1/staff/users', 'get'), '200'), 'list');
  });

  it('error answers conform to the documented Error schema', async () => {
    const errorSchema = doc.components.schemas.Error!;
    const anon = await fetch(`${b.url}/api/v1/staff/users`);
    expect(anon.status).toBe(401);
    conforms(await json(anon), errorSchema, '401');
    const bad = await fetch(`${b.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(422);
    const body = await json(bad);
    conforms(body, errorSchema, '422');
    expect(typeof body.error.fields.username).toBe('string');
  });
});
