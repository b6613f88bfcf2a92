// Helpers for SCIM tests over HTTP: an org with seats and a real bearer token, and a small client.
import { makeOrg } from '../support/fixtures.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import type { TestServer } from '../support/server.js';

export interface ScimOrg { orgId: string; slug: string; token: string; base: string }

export async function scimOrg(server: Pick<TestServer, 'url' | 'db'>, seats: { standard: number; premium: number }): Promise<ScimOrg> {
  const { org } = await makeOrg(server.db.db, seats);
  const { secret } = await createScimToken(server.db.db, org.id, 'test', systemClock);
  return { orgId: org.id, slug: org.slug, token: secret, base: `${server.url}/scim/v2` };
}

export interface ScimResponse { status: number; body: any; headers: Headers }

export async function scim(o: { token: string; base: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimResponse> {
  const res = await fetch(`${o.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/scim+json', ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: res.status, body: parsed, headers: res.headers };
}

export function user(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName, name: { givenName: 'Given', familyName: 'Family' },
    emails: [{ value: `${userName.includes('@') ? userName : userName + '@example.com'}`, type: 'work', primary: true }],
    active: true, ...extra,
  };
}
