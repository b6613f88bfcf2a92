// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that the
// server enforces (OpenAPI 3.1 schemas are JSON Schema, which zod emits natively): every
// operation carries its parameters, its request body schema, its response schema, and the
// permission it needs (`x-permission`, with the roles that hold it in `x-roles`).
import { z } from 'zod';
import type { RouteSpec } from './define-route.js';
import { PERMISSIONS } from '../domain/roles/permissions.js';

export function openApiDocument(specs: RouteSpec<any, any, any>[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = '/api/v1' + spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: operationId(spec),
      tags: [spec.tag],
      summary: spec.summary,
      description: `Requires the \`${spec.permission}\` permission (see docs/roles.md).`,
      'x-permission': spec.permission,
      'x-roles': [...PERMISSIONS[spec.permission]],
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query'),
        ...(spec.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } }))],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses: {
        [spec.response.status]: {
          description: spec.response.description,
          ...(spec.response.schema ? { content: { [spec.response.contentType ?? 'application/json']: { schema: jsonSchema(spec.response.schema, 'output') } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Seatgate admin API', version: '1', description: 'Seats, members, invitations, domains, billing and provisioning logs of one organization.' },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An org API key (seatgate api-key create).' },
        session: { type: 'apiKey', in: 'cookie', name: 'seatgate_session', description: 'The session of a signed-in person; changes must come from the same origin.' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}

export const ERROR_SCHEMA = {
  type: 'object', required: ['error'],
  properties: {
    error: {
      type: 'object', required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable error code, e.g. SEATS_EXHAUSTED or ROLE_FORBIDDEN' },
        message: { type: 'string', description: 'what happened, for a person' },
        requestId: { type: 'string', description: 'quote it when reporting a problem' },
      },
    },
  },
};

function operationId(spec: RouteSpec<any, any, any>): string {
  const words = spec.path.split('/').filter(Boolean).map((w) => (w.startsWith(':') ? `by-${w.slice(1)}` : w));
  return [spec.method, ...words].join('-').replace(/-([a-z])/gi, (_m, c: string) => c.toUpperCase());
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || (js.required ?? []).includes(name),
    ...(s.description ? { description: s.description } : {}), schema: s,
  }));
}
