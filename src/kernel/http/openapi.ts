// OpenAPI 3.1 from the same zod schemas the handlers validate with. Built once
// at start from the manifests; later modules add theirs by declaring routes.
import { z, type ZodType } from 'zod';
import type { ModuleManifest, RouteDef } from '../types.js';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Stable error code (see docs/errors.md)' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field name → message, on 422' },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No content', 400: 'Bad request', 401: 'Not logged in', 403: 'Forbidden',
  404: 'Not found', 409: 'Conflict', 422: 'Invalid input', 429: 'Too many attempts', 503: 'Module unavailable or busy', 504: 'Module timed out',
};

function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function operation(m: ModuleManifest, r: RouteDef): Record<string, unknown> {
  const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((p) => ({ name: p[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (r.query) {
    const q = jsonSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema: schema as { type: string } });
    }
  }
  const ok = r.method === 'POST' && (r.statuses ?? []).includes(201) ? 201 : 200;
  const responses: Record<string, unknown> = {
    [ok]: { description: STATUS_TEXT[ok], content: { 'application/json': { schema: r.response ? jsonSchema(r.response, 'output') : {} } } },
  };
  const errors = new Set([...(r.statuses ?? []).filter((s) => s >= 400), 503, 504]);
  if (r.permission !== 'public') errors.add(401).add(403);
  if (r.body) errors.add(422);
  for (const s of [...errors].sort()) responses[s] = { description: STATUS_TEXT[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const op: Record<string, unknown> = {
    operationId: `${m.name}.${r.handler}`,
    tags: [m.name],
    summary: r.summary ?? r.handler,
    'x-permission': r.permission,
    parameters: params,
    responses,
  };
  if (r.permission === 'public') op.security = [];
  if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
  return op;
}

export function buildOpenApi(manifests: readonly ModuleManifest[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const m of manifests) {
    for (const r of m.routes) {
      if (r.kind !== 'api') continue;
      const p = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[p] ??= {};
      paths[p][r.method.toLowerCase()] = operation(m, r);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Bilik API', version, description: 'Clinic management API. Authenticate with POST /api/v1/auth/token, then send Authorization: Bearer <token>.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Error: ERROR_SCHEMA } },
    paths,
  };
}
