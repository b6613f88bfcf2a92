// SSO connections of the caller's organization: add SAML (from the IdP's metadata URL or file) or
// OIDC (issuer, client id and secret, checked by discovery), list them with the exact values to
// paste into the IdP, change, switch off and remove them. The OIDC client secret is write-only.
// Owners only: whoever controls a connection can sign people in, Owners included.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import {
  addOidcConnection, addSamlConnection, getOrgConnection, listConnections, removeConnection, updateConnection, type ConnectionChange,
} from '../../domain/sso/connections.js';
import { InvalidInput } from '../../domain/errors.js';
import { checkIssuer } from '../../federation/oidc-issuer-check.js';
import { connectionJson, connectionSchema, mappingSchema, readIdpMetadata, signedParts } from '../sso-setup.js';

const signed = z.enum(['assertion', 'response', 'both']).describe('What the IdP signs (Okta, Entra ID and Google sign the assertion)');
const metadata = {
  metadataUrl: z.url().max(2048).optional().describe('The IdP\'s metadata URL (fetched once, now)'),
  metadataXml: z.string().max(512_000).optional().describe('The IdP\'s metadata XML (an uploaded file)'),
};
const addSaml = z.strictObject({
  kind: z.literal('saml'), label: z.string().max(200).optional(), ...metadata,
  allowIdpInitiated: z.boolean().optional(), signed: signed.optional(), mapping: mappingSchema.optional(),
});
const addOidc = z.strictObject({
  kind: z.literal('oidc'), label: z.string().max(200).optional(), issuer: z.url().max(2048), clientId: z.string().min(1).max(2048),
  clientSecret: z.string().min(1).max(2048), scopes: z.string().max(500).optional(), assumeEmailVerified: z.boolean().optional(), mapping: mappingSchema.optional(),
});
const change = z.strictObject({
  label: z.string().max(200).optional(), enabled: z.boolean().optional(), mapping: mappingSchema.optional(),
  ...metadata, allowIdpInitiated: z.boolean().optional(), signed: signed.optional(),
  clientId: z.string().min(1).max(2048).optional(), clientSecret: z.string().min(1).max(2048).optional().describe('A new client secret (write-only)'),
  scopes: z.string().max(500).optional(), assumeEmailVerified: z.boolean().optional(),
});
const params = z.object({ connectionId: z.string().max(64) });
const SAML_FIELDS = ['metadataUrl', 'metadataXml', 'allowIdpInitiated', 'signed'] as const;
const OIDC_FIELDS = ['clientId', 'clientSecret', 'scopes', 'assumeEmailVerified'] as const;

export function ssoConnectionRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  const json = (c: Parameters<typeof connectionJson>[0]) => connectionJson(c, deps.config.publicUrl, deps.clock.now());
  const allowPrivate = deps.config.ssoFetchAllowPrivate;
  routes.add(router, {
    method: 'get', path: '/sso-connections', tag: 'Single sign-on', permission: 'sso.manage',
    summary: 'SSO connections with the values to paste into the IdP, certificate expiry and warnings',
    response: { status: 200, schema: z.object({ connections: z.array(connectionSchema) }), description: 'The connections, oldest first' },
    handler: async ({ principal }) => ({ connections: (await listConnections(deps.db, principal.orgId)).map(json) }),
  });
  routes.add(router, {
    method: 'post', path: '/sso-connections', tag: 'Single sign-on', permission: 'sso.manage',
    summary: 'Add a SAML connection (metadata URL or XML) or an OIDC connection (issuer checked by discovery)',
    body: z.discriminatedUnion('kind', [addSaml, addOidc]),
    response: { status: 201, schema: connectionSchema, description: 'The connection and the values to give the IdP' },
    handler: async ({ principal, body }) => {
      if (body.kind === 'saml') {
        const meta = await readIdpMetadata(body, allowPrivate);
        return json(await addSamlConnection(deps.db, {
          orgId: principal.orgId, ...(body.label ? { label: body.label } : {}), idpEntityId: meta.entityId, ssoUrl: meta.ssoUrl,
          certificates: meta.certificates, allowIdpInitiated: body.allowIdpInitiated ?? false, ...signedParts(body.signed ?? 'assertion'), mapping: body.mapping ?? {},
        }));
      }
      await checkIssuer(body.issuer, { allowPrivate });
      return json(await addOidcConnection(deps.db, {
        orgId: principal.orgId, ...(body.label ? { label: body.label } : {}), issuer: body.issuer, clientId: body.clientId, clientSecret: body.clientSecret,
        ...(body.scopes ? { scopes: body.scopes } : {}), assumeEmailVerified: body.assumeEmailVerified ?? false, mapping: body.mapping ?? {},
      }));
    },
  });
  routes.add(router, {
    method: 'get', path: '/sso-connections/:connectionId', tag: 'Single sign-on', permission: 'sso.manage', summary: 'One SSO connection', params,
    response: { status: 200, schema: connectionSchema, description: 'The connection' },
    handler: async ({ principal, params: p }) => json(await getOrgConnection(deps.db, principal.orgId, p.connectionId)),
  });
  routes.add(router, {
    method: 'patch', path: '/sso-connections/:connectionId', tag: 'Single sign-on', permission: 'sso.manage', params, body: change,
    summary: 'Change a connection: label, on/off, attribute mapping; SAML: new metadata (certificate rotation), signing; OIDC: client id or secret, scopes',
    response: { status: 200, schema: connectionSchema, description: 'The connection after the change' },
    handler: async ({ principal, params: p, body }) => {
      const current = await getOrgConnection(deps.db, principal.orgId, p.connectionId);
      const wrong = current.kind === 'saml' ? OIDC_FIELDS.find((f) => body[f] !== undefined) : SAML_FIELDS.find((f) => body[f] !== undefined);
      if (wrong) throw new InvalidInput(wrong, `does not apply to a ${current.kind.toUpperCase()} connection`);
      const patch: ConnectionChange = {
        ...(body.label !== undefined ? { label: body.label } : {}), ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.mapping !== undefined ? { mapping: body.mapping } : {}),
      };
      if (current.kind === 'saml') {
        const meta = body.metadataUrl !== undefined || body.metadataXml !== undefined ? await readIdpMetadata(body, allowPrivate) : null;
        patch.saml = {
          ...(meta ? { idpEntityId: meta.entityId, ssoUrl: meta.ssoUrl, certificates: meta.certificates } : {}),
          ...(body.allowIdpInitiated !== undefined ? { allowIdpInitiated: body.allowIdpInitiated } : {}),
          ...(body.signed ? signedParts(body.signed) : {}),
        };
      } else {
        patch.oidc = {
          ...(body.clientId !== undefined ? { clientId: body.clientId } : {}), ...(body.clientSecret !== undefined ? { clientSecret: body.clientSecret } : {}),
          ...(body.scopes !== undefined ? { scopes: body.scopes } : {}), ...(body.assumeEmailVerified !== undefined ? { assumeEmailVerified: body.assumeEmailVerified } : {}),
        };
      }
      return json(await updateConnection(deps.db, principal.orgId, current.id, patch));
    },
  });
  routes.add(router, {
    method: 'delete', path: '/sso-connections/:connectionId', tag: 'Single sign-on', permission: 'sso.manage', params,
    summary: 'Remove a connection (its members stay; their links to it go)',
    response: { status: 204, schema: null, description: 'Removed' },
    handler: async ({ principal, params: p }) => { await removeConnection(deps.db, principal.orgId, p.connectionId); return {}; },
  });
}
