// Domains of the organization: add one (unverified, with its DNS TXT challenge), verify it by
// DNS, remove it. Invitations and JIT accept only emails on verified domains.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { addDomain, listDomains, removeDomain, verifyDomain } from '../../domain/orgs/domain-verification.js';

const domainInfo = z.object({
  domain: z.string(), verified: z.boolean(), verifiedAt: z.string().nullable(), createdAt: z.string(),
  challenge: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }).nullable()
    .describe('Publish a TXT record with this name and value, then call verify'),
});
const params = z.object({ domain: z.string().max(253) });

export function domainRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/domains', tag: 'Domains', permission: 'domains.manage', summary: 'Domains with their verification state and challenge',
    response: { status: 200, schema: z.object({ domains: z.array(domainInfo) }), description: 'The domains' },
    handler: async ({ principal }) => ({ domains: await listDomains(deps.db, principal.orgId) }),
  });
  routes.add(router, {
    method: 'post', path: '/domains', tag: 'Domains', permission: 'domains.manage',
    summary: 'Add a domain (unverified) and get its DNS TXT challenge', body: z.object({ domain: z.string().max(253) }),
    response: { status: 201, schema: domainInfo, description: 'The domain and its challenge' },
    handler: async ({ principal, body, req }) => addDomain(deps.db, principal.orgId, body.domain, actionContext(deps, principal, req)),
  });
  routes.add(router, {
    method: 'post', path: '/domains/:domain/verify', tag: 'Domains', permission: 'domains.manage',
    summary: 'Check the DNS TXT challenge now; verified when the record holds the value', params,
    response: { status: 200, schema: domainInfo, description: 'The verified domain' },
    handler: async ({ principal, params: p, req }) => verifyDomain(deps.db, deps.txtResolver, principal.orgId, p.domain, actionContext(deps, principal, req)),
  });
  routes.add(router, {
    method: 'delete', path: '/domains/:domain', tag: 'Domains', permission: 'domains.manage', summary: 'Remove a domain', params,
    response: { status: 204, schema: null, description: 'Removed' },
    handler: async ({ principal, params: p, req }) => { await removeDomain(deps.db, principal.orgId, p.domain, actionContext(deps, principal, req)); return {}; },
  });
}
