// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that the
// server enforces (OpenAPI 3.1 schemas are JSON Schema, which zod emits natively).
import { z } from 'zod';
import type { RouteSpec } from './define-route.js';
import { escapeHtml, page } from '../http/page.js';

export function openApiDocument(specs: RouteSpec<any, any, any>[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = '/api/v1' + spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      description: `Requires the \`${spec.permission}\` permission (see docs/roles.md).`,
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
        session: { type: 'apiKey', in: 'cookie', name: 'seatgate_session', description: 'The SSO session of a signed-in person; changes must come from the same origin.' },
      },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } } } },
        },
      },
    },
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s,
  }));
}

/** A browsable page listing every operation, rendered on the server (no external assets). */
export function openApiHtml(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; description: string; tags: string[] }>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) =>
    `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}<br><span class="muted">${escapeHtml(op.description)}</span></td></tr>`));
  return page('Seatgate admin API', `<p>Authenticate with <code>Authorization: Bearer sgkey_…</code>, or sign in through SSO and use the session cookie (changes must come from this origin). The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}
