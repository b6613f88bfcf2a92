// SCIM tokens of the caller's organization, for the IdP's provisioning connector: create one (the
// secret is in that response only, with the SCIM base URL to paste beside it), list them with when
// each was last used, revoke one at once. Owners only: a SCIM token creates and removes members.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { createScimToken, listScimTokens, revokeScimToken } from '../../domain/scim-tokens/tokens.js';

const token = z.object({
  id: z.uuid(), orgId: z.uuid(), name: z.string(), prefix: z.string().describe('the first characters of the secret, to recognise it'),
  createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export function scimTokenRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  const scimBaseUrl = `${deps.config.publicUrl}/scim/v2`;
  routes.add(router, {
    method: 'get', path: '/scim-tokens', tag: 'SCIM tokens', permission: 'scim_tokens.manage', summary: 'SCIM tokens (never their secrets), with last use',
    response: { status: 200, schema: z.object({ tokens: z.array(token), scimBaseUrl: z.string() }), description: 'The tokens, oldest first' },
    handler: async ({ principal }) => ({ tokens: await listScimTokens(deps.db, principal.orgId), scimBaseUrl }),
  });
  routes.add(router, {
    method: 'post', path: '/scim-tokens', tag: 'SCIM tokens', permission: 'scim_tokens.manage',
    summary: 'Create a SCIM token; the secret is in this response only', body: z.object({ name: z.string().min(1).max(100) }),
    response: { status: 201, schema: z.object({ token, secret: z.string(), scimBaseUrl: z.string() }), description: 'The token, its secret and the SCIM base URL' },
    handler: async ({ principal, body, res }) => {
      res.set('Cache-Control', 'no-store');
      const { token: created, secret } = await createScimToken(deps.db, principal.orgId, body.name, deps.clock);
      return { token: created, secret, scimBaseUrl };
    },
  });
  routes.add(router, {
    method: 'delete', path: '/scim-tokens/:tokenId', tag: 'SCIM tokens', permission: 'scim_tokens.manage', summary: 'Revoke a SCIM token at once',
    params: z.object({ tokenId: z.string().max(64) }),
    response: { status: 200, schema: token, description: 'The revoked token' },
    handler: async ({ principal, params }) => revokeScimToken(deps.db, principal.orgId, params.tokenId, deps.clock),
  });
}
