// The demo's SAML IdP (samlify, a devDependency): asks for an email address and posts a signed
// response to Seatgate's ACS. Demo only: it signs whatever address is typed.
import { createServer, type Server } from 'node:http';
import fs from 'node:fs';
import { escapeHtml, page } from '../web/page.js';

export interface DemoSamlIdp { entityId: string; ssoUrl: string; certificate: string; metadataXml: string; registerSp(spMetadata: string): void; close(): Promise<void> }

export async function startDemoSamlIdp(port: number, keyDir: string): Promise<DemoSamlIdp> {
  // samlify is CommonJS: under native ESM its API is on the default export.
  const mod = await import('samlify') as unknown as { default?: typeof import('samlify') } & typeof import('samlify');
  const samlify = mod.default ?? mod;
  samlify.setSchemaValidator({ validate: async () => 'demo IdP: schema validation skipped' });
  const base = `http://localhost:${port}`;
  const privateKey = fs.readFileSync(`${keyDir}/idp.key`, 'utf8');
  const certificate = fs.readFileSync(`${keyDir}/idp.crt`, 'utf8');
  const idp = samlify.IdentityProvider({
    entityID: `${base}/metadata`, privateKey, signingCert: certificate,
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${base}/sso` }],
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${base}/slo` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    loginResponseTemplate: {
      context: samlify.SamlLib.defaultLoginResponseTemplate.context,
      attributes: [{ name: 'email', valueTag: 'user.email', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', valueXsiType: 'xs:string' }],
    },
  });
  let sp: ReturnType<typeof samlify.ServiceProvider> | null = null;
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url!, base);
      if (url.pathname === '/sso' && req.method === 'GET') {
        res.setHeader('content-type', 'text/html');
        res.end(page('Demo SAML IdP', `<p>Sign in to Seatgate as anyone at <b>acme.test</b> (this IdP believes you).</p>
<form method="post" action="/sso"><input type="hidden" name="SAMLRequest" value="${escapeHtml(url.searchParams.get('SAMLRequest') ?? '')}">
<input type="hidden" name="RelayState" value="${escapeHtml(url.searchParams.get('RelayState') ?? '')}">
<input name="email" type="email" required placeholder="alice@acme.test"> <button>Sign in</button></form>`));
        return;
      }
      if (url.pathname === '/sso' && req.method === 'POST' && sp) {
        const form = new URLSearchParams(await body(req));
        const parsed = await idp.parseLoginRequest(sp, 'redirect', { query: { SAMLRequest: form.get('SAMLRequest') ?? '' } });
        const email = (form.get('email') ?? '').trim();
        const out = await idp.createLoginResponse(sp, parsed as unknown as Parameters<typeof idp.createLoginResponse>[1], 'post', { email }, { relayState: form.get('RelayState') ?? '' }) as { context: string; entityEndpoint: string };
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(out.entityEndpoint)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(out.context)}"><input type="hidden" name="RelayState" value="${escapeHtml(form.get('RelayState') ?? '')}">
<noscript><button>Continue</button></noscript></form></body>`);
        return;
      }
      res.statusCode = 404;
      res.end('not found');
    } catch (err) {
      res.statusCode = 400;
      res.end(`demo IdP error: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    entityId: `${base}/metadata`, ssoUrl: `${base}/sso`, certificate,
    metadataXml: idp.getMetadata(),
    registerSp: (spMetadata) => { sp = samlify.ServiceProvider({ metadata: spMetadata }); },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function body(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => { data += c; if (data.length > 100_000) req.destroy(); });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
