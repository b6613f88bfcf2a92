// API keys of the organization: Owners create (secret shown once), list and revoke them.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/access/api-keys.js';

const key = z.object({
  id: z.uuid(), orgId: z.uuid(), name: z.string(), role: z.enum(['owner', 'admin']), prefix: z.string(),
  createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export function apiKeyRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/api-keys', tag: 'API keys', summary: 'List API keys (never their secrets)', permission: 'api_keys.manage',
    response: { status: 200, schema: z.object({ apiKeys: z.array(key) }), description: 'The keys' },
    handler: async ({ principal }) => ({ apiKeys: await listApiKeys(deps.db, principal.orgId) }),
  });
  routes.add(router, {
    method: 'post', path: '/api-keys', tag: 'API keys', summary: 'Create an API key; the secret is in this response only', permission: 'api_keys.manage',
    body: z.object({ name: z.string().min(1).max(100), role: z.enum(['owner', 'admin']) }),
    response: { status: 201, schema: z.object({ apiKey: key, secret: z.string() }), description: 'The key and its secret' },
    handler: async ({ principal, body }) => {
      const { key: created, secret } = await createApiKey(deps.db, principal.orgId, body.role, body.name, deps.clock);
      return { apiKey: created, secret };
    },
  });
  routes.add(router, {
    method: 'delete', path: '/api-keys/:keyId', tag: 'API keys', summary: 'Revoke an API key', permission: 'api_keys.manage',
    params: z.object({ keyId: z.string().max(64) }),
    response: { status: 200, schema: key, description: 'The revoked key' },
    handler: async ({ principal, params }) => revokeApiKey(deps.db, principal.orgId, params.keyId, deps.clock),
  });
}
