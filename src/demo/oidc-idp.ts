// The demo's OpenID Provider (oidc-provider, a devDependency) with its development login page:
// any login name becomes <name>@acme.test with a verified email. Demo only.
import { generateKeyPair, exportJWK } from 'jose';

export interface DemoOidcIdp { issuer: string; clientId: string; clientSecret: string; close(): Promise<void> }

export async function startDemoOidcIdp(port: number, client: { clientId: string; clientSecret: string; redirectUri: string }, domain: string): Promise<DemoOidcIdp> {
  const { clientId, clientSecret, redirectUri } = client;
  const { default: Provider } = await import('oidc-provider');
  const issuer = `http://localhost:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    findAccount: async (_ctx: unknown, sub: string) => {
      const local = sub.includes('@') ? sub.split('@')[0] : sub;
      return { accountId: sub, claims: async () => ({ sub, email: `${local}@${domain}`, email_verified: true, name: local }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'demo-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [clientSecret] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  const server = provider.listen(port);
  await new Promise<void>((r) => server.once('listening', () => r()));
  return { issuer, clientId, clientSecret, close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }) };
}
