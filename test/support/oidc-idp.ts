// A real OpenID Provider for tests (oidc-provider) on loopback, with its development login and
// consent pages, and a small browser (cookie jar, manual redirects) that signs a person in from
// Seatgate's /login to Seatgate's callback. Keys and the client secret can be changed by swapping
// in a new provider on the same port (same issuer).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';
import { CookieJar } from './cookie-jar.js';

export interface Account {
  email: string; email_verified?: boolean; name?: string; given_name?: string; family_name?: string; groups?: string[]; teams?: string[];
  /** The `sub` claim, when it is not the login typed at the dev page (text no form post can carry, e.g. an unpaired surrogate). */
  sub?: string;
}

export interface TestOidcIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, Account>;
  /** Discovery documents served so far (how often a relying party re-read its configuration). */
  discoveryRequests: number;
  rotateKey(): Promise<void>;
  /** The IdP admin rotates the client secret: from now on only `secret` is accepted. */
  setClientSecret(secret: string): void;
  close(): Promise<void>;
}

export async function startOidcIdp(redirectUris: () => string[]): Promise<TestOidcIdp> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Account>();
  const idp: TestOidcIdp = {
    issuer, clientId: 'seatgate-oidc-test', clientSecret: 'test-secret-'.padEnd(48, 'x'), accounts, discoveryRequests: 0,
    rotateKey: async () => mount(await newKid()),
    setClientSecret: (secret) => { idp.clientSecret = secret; mount(current); },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  let n = 0;
  const newKid = async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    return { ...(await exportJWK(privateKey)), kid: `key-${++n}`, alg: 'RS256', use: 'sig' };
  };
  let current: Record<string, unknown> = {};
  const mount = (jwk: Record<string, unknown>) => {
    current = jwk;
    // oidc-provider warns about its development defaults (in-memory adapter, dev interactions,
    // Node 20) on construction; those are exactly what a test IdP uses.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args); };
    const provider = new Provider(issuer, {
      clients: [{ client_id: idp.clientId, client_secret: idp.clientSecret, redirect_uris: redirectUris(), grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post', subject_type: 'pairwise' }],
      // The login typed at the dev page is the account id, and the `sub` claim unless the account
      // names its own: oidc-provider sets sub to the account id, then passes it through
      // pairwiseIdentifier for a pairwise client, which here returns the account's own `sub`.
      findAccount: async (_ctx: unknown, login: string) => ({
        accountId: login,
        claims: async () => {
          const { sub: _own, ...claims } = accounts.get(login) ?? { email: `${login}@unknown.example` };
          return { ...claims, sub: login };
        },
      }),
      subjectTypes: ['public', 'pairwise'],
      pairwiseIdentifier: async (_ctx: unknown, accountId: string) => accounts.get(accountId)?.sub ?? accountId,
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'], groups: ['groups', 'teams'] },
      features: { devInteractions: { enabled: true } },
      jwks: { keys: [jwk] },
      cookies: { keys: ['cookie-key-for-tests-only-0123456789'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    } as unknown as ConstructorParameters<typeof Provider>[1]);
    console.warn = warn;
    server.removeAllListeners('request');
    const handle = provider.callback();
    server.on('request', (req, res) => {
      if (req.url?.startsWith('/.well-known/openid-configuration')) idp.discoveryRequests++;
      return handle(req, res);
    });
  };
  mount(await newKid());
  return idp;
}

export interface BrowserOutcome { status: number; location: string | null; cookie: string | null; body: string; callbackUrl: string }

/**
 * A browser (a cookie jar, manual redirects) that signs `login` in through the IdP's dev pages and
 * returns Seatgate's answer at the callback. With `stopAtCallback`, it stops just before calling
 * the callback and returns its URL (status 0): what an attacker would hand a victim.
 */
export async function browserSignIn(startUrl: string, login: string, opts: { browser?: CookieJar; stopAtCallback?: boolean } = {}): Promise<BrowserOutcome> {
  const jar = opts.browser ?? new CookieJar();
  let url = startUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  const seatgateOrigin = new URL(startUrl).origin;
  for (let i = 0; i < 20; i++) {
    const isCallback = new URL(url).origin === seatgateOrigin && new URL(url).pathname.endsWith('/callback');
    if (isCallback && opts.stopAtCallback) return { status: 0, location: null, cookie: null, body: '', callbackUrl: url };
    const res = await jar.fetch(url, { method, body, headers: { accept: 'text/html' } });
    const location = res.headers.get('location');
    if (isCallback) {
      const session = jar.named('seatgate_session')[0];
      return { status: res.status, location, cookie: session ? `seatgate_session=${session.value}` : null, body: await res.text(), callbackUrl: url };
    }
    if (location) { url = new URL(location, url).href; method = 'GET'; body = undefined; continue; }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`stuck at ${url} (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = /name="login"/.test(html) ? new URLSearchParams({ prompt: 'login', login, password: 'any' }) : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('too many redirects');
}
