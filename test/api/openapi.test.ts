// The OpenAPI document carries, for every route, its parameters, its request body schema and its
// response schema (from the zod declarations the server enforces); /api/docs renders them as
// readable field tables per tag, with each route's permission in words and no raw backticks.
import { Router } from 'express';
import { ApiRoutes } from '../../src/api/define-route.js';
import { ROUTE_GROUPS } from '../../src/api/router.js';
import { openApiDocument } from '../../src/api/openapi.js';
import { openApiPage } from '../../src/api/openapi-page.js';
import { schemaFields } from '../../src/api/schema-fields.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';

const routes = new ApiRoutes();
const deps = { db: null as never, clock: systemClock, config: loadConfig({ LOG_LEVEL: 'silent' }), mailer: { send: async () => { throw new Error('unused'); } }, txtResolver: { resolveTxt: async () => [] } };
for (const group of ROUTE_GROUPS) group(Router(), routes, deps);
const doc = openApiDocument(routes.specs, 'https://seatgate.example.com') as { paths: Record<string, Record<string, any>> };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  test('has every declared route, each with a unique operationId and its permission', () => {
    expect(operations).toHaveLength(routes.specs.length);
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);
    for (const { op } of operations) expect(op['x-roles'].length).toBeGreaterThan(0);
  });

  test.each(routes.specs.map((s) => [`${s.method.toUpperCase()} ${s.path}`, s] as const))('%s has its request and response schemas', (_name, spec) => {
    const op = doc.paths['/api/v1' + spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]![spec.method];
    expect(op['x-permission']).toBe(spec.permission);
    // An object, or a choice of objects (a body discriminated by a field, e.g. SAML or OIDC).
    const body = op.requestBody?.content['application/json'].schema;
    if (spec.body) expect(body.type ?? [...(body.oneOf ?? body.anyOf ?? [])].map((b: { type: string }) => b.type).join()).toMatch(/^object(,object)*$/);
    else expect(op.requestBody).toBeUndefined();
    const response = op.responses[spec.response.status];
    if (spec.response.status === 204) expect(response.content).toBeUndefined();
    else expect(Object.values(response.content as Record<string, { schema: { type: string } }>)[0]!.schema.type).toBe('object');
    expect(op.responses.default.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
  });

  test('no schema names a tier of the catalogue as a field: tiers are data (GET /api/v1/tiers)', () => {
    const tierFields: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      for (const key of Object.keys(props ?? {})) if (key === 'premium' || key === 'standard') tierFields.push(`${at}.${key}`);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`);
    };
    walk(doc, 'doc');
    expect(tierFields).toEqual([]);
  });

  test('the console routes are in it with their shapes', () => {
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/session', '/api/v1/overview', '/api/v1/members']));
    const members = doc.paths['/api/v1/members']!.get;
    expect(members.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'role', 'method', 'sort', 'order', 'cursor', 'limit', 'status', 'tier']));
    expect(Object.keys(members.responses['200'].content['application/json'].schema.properties)).toEqual(['members', 'next', 'total']);
  });
});

describe('/api/docs', () => {
  const html = openApiPage(doc);
  const text = html.replace(/<[^>]+>/g, '');

  test('shows no raw backticks and groups operations by tag', () => {
    expect(text).not.toContain('`');
    for (const tag of new Set(routes.specs.map((s) => s.tag))) expect(html).toContain(`<h2>${tag}</h2>`);
  });

  test('shows an operation with method, path, permission in words, request body and response as field tables', () => {
    const start = html.indexOf('id="postInvitations"');
    const op = html.slice(start, html.indexOf('</article>', start));
    expect(op).toContain('<span class="method">post</span><span class="path">/api/v1/invitations</span>');
    expect(op).toContain('Permission: members.invite — Primary owner, Owner, Admin.');
    expect(op).toContain('<h4>Request body (JSON)</h4>');
    expect(op).toMatch(/<tr><td><code>email<\/code><\/td><td>string, at most 320 characters<\/td><td>yes<\/td>/);
    expect(op).toMatch(/<tr><td><code>role<\/code><\/td><td>one of <code>owner<\/code>, <code>admin<\/code>, <code>member<\/code>; default <code>&quot;member&quot;<\/code><\/td><td>no<\/td>/);
    expect(op).toContain('<h4>Response: 201 The invitation and whether its mail went out</h4>');
    expect(op).toContain('<code>invitation.email</code>');
    expect(op).toContain('<code>warnings[].code</code>');
  });
});

describe('schema fields', () => {
  test('flattens nested objects and lists, and says "or null", defaults and bounds in words', () => {
    expect(schemaFields({
      type: 'object', required: ['a'],
      properties: {
        a: { anyOf: [{ type: 'object', properties: { b: { type: 'integer', minimum: 1, maximum: 500 } }, required: ['b'] }, { type: 'null' }], description: 'an a' },
        l: { type: 'array', items: { type: 'object', properties: { c: { type: ['string', 'null'], format: 'uuid' } } } },
        t: { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
      },
    })).toEqual([
      { path: 'a', type: 'object', enumValues: [], nullable: true, defaultValue: null, required: true, description: 'an a' },
      { path: 'a.b', type: 'integer, 1 to 500', enumValues: [], nullable: false, defaultValue: null, required: true, description: '' },
      { path: 'l', type: 'list of objects', enumValues: [], nullable: false, defaultValue: null, required: false, description: '' },
      { path: 'l[].c', type: 'string (uuid)', enumValues: [], nullable: true, defaultValue: null, required: false, description: '' },
      { path: 't', type: 'list of values from', enumValues: ['x', 'y'], nullable: false, defaultValue: null, required: false, description: '' },
    ]);
  });
});
