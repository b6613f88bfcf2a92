// A real SAML IdP for tests: samlify signs responses with a test key (test/sso/saml/keys). Each
// response is built from samlify's own template with the values a test wants to make hostile
// (audience, recipient, times, InResponseTo…), signed the way the test asks: assertion,
// response, both, or not at all — and, when asked, with the assertion encrypted (XML Encryption)
// to the certificate the SP publishes for encryption, as Okta and Entra do (sign, then encrypt;
// a response signature covers the EncryptedAssertion). Values may carry hostile text: a NUL or an
// unpaired surrogate is written as an XML character reference (&#0;, &#xD800;). samlify signs
// those too, but its createLoginResponse ends by base64-encoding the XML as UTF-8, which has no
// form for an unpaired surrogate (it becomes U+FFFD); so for such responses the IdP calls
// samlify's own signer (SamlLib.constructSAMLSignature) with isBase64Output: false and keeps the
// references.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { X509Certificate } from 'node:crypto';
import * as samlify from 'samlify';
import xmlenc from 'xml-encryption';

samlify.setSchemaValidator({ validate: async () => 'skipped by the test IdP' });

const KEYS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../sso/saml/keys');
export const readKey = (name: string, ext: 'key' | 'crt') => fs.readFileSync(path.join(KEYS, `${name}.${ext}`), 'utf8');

export type Signing = 'assertion' | 'response' | 'both' | 'none';

export interface ResponseOptions {
  spMetadata: string;
  inResponseTo?: string | null;
  nameId?: string;
  email?: string | null;
  attributes?: Record<string, string | string[]>;
  signing?: Signing;
  /** Which key signs (default: the IdP's own). */
  key?: string;
  /** Template values to override: Audience, SubjectRecipient, Destination, Issuer, times… */
  values?: Record<string, string>;
  /** Encrypt the assertion: to the SP metadata's encryption certificate, or to the test key named `cert`. */
  encrypt?: { cert?: string; data?: string; key?: string };
  /** Edit the XML after signing (signature wrapping and other tampering). */
  tamper?: (xml: string) => string;
}

export const ENCRYPTION = {
  aes256gcm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm', aes256cbc: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  tripledes: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc', rsaOaep: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  rsa15: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5',
} as const;

export interface TestSamlIdp {
  entityId: string;
  ssoUrl: string;
  certificate(name?: string): string;
  metadataXml(certNames?: string[]): string;
  respond(opts: ResponseOptions): Promise<string>;
}

export function createTestSamlIdp(entityId = 'https://idp.test.example/saml', ssoUrl = 'https://idp.test.example/sso'): TestSamlIdp {
  return {
    entityId, ssoUrl,
    certificate: (name = 'idp') => readKey(name, 'crt'),
    metadataXml: (certNames = ['idp']) => idpMetadata(entityId, ssoUrl, certNames.map((n) => readKey(n, 'crt'))),
    async respond(opts) {
      const signing = opts.signing ?? 'assertion';
      const keyName = opts.key ?? 'idp';
      const now = new Date();
      const later = new Date(now.getTime() + 5 * 60_000).toISOString();
      const values: Record<string, string> = {
        ID: `_r${Math.random().toString(36).slice(2)}`, AssertionID: `_a${Math.random().toString(36).slice(2)}`,
        Issuer: entityId, IssueInstant: now.toISOString(), StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: now.toISOString(), ConditionsNotOnOrAfter: later, SubjectConfirmationDataNotOnOrAfter: later,
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: opts.nameId ?? opts.email ?? 'nobody@example.com', InResponseTo: opts.inResponseTo ?? '',
        AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
        AttributeStatement: attributeStatement({ ...(opts.email ? { email: opts.email } : {}), ...opts.attributes }),
        ...spValues(opts.spMetadata),
        ...opts.values,
      };
      let template = samlify.SamlLib.defaultLoginResponseTemplate.context;
      if (opts.inResponseTo === null || values.InResponseTo === '') template = template.replace(/ InResponseTo="\{InResponseTo\}"/g, '');
      const raw = template.replace(/\{(\w+)\}/g, (_m, k: string) => (k === 'AuthnStatement' || k === 'AttributeStatement' ? values[k] ?? '' : esc(values[k] ?? '')));
      const idp = samlify.IdentityProvider({
        entityID: entityId, privateKey: readKey(keyName, 'key'), signingCert: readKey(keyName, 'crt'),
        singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: ssoUrl }],
        singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${ssoUrl}/logout` }],
        requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        isAssertionEncrypted: !!opts.encrypt,
        // Entity settings samlify reads but does not type on the IdP.
        ...{ dataEncryptionAlgorithm: opts.encrypt?.data ?? ENCRYPTION.aes256gcm, keyEncryptionAlgorithm: opts.encrypt?.key ?? ENCRYPTION.rsaOaep },
      } as Parameters<typeof samlify.IdentityProvider>[0]);
      let spMeta = opts.spMetadata.replace(/WantAssertionsSigned="(true|false)"/, `WantAssertionsSigned="${signing === 'response' ? 'false' : 'true'}"`);
      if (opts.encrypt?.cert) spMeta = withEncryptionCert(spMeta, readKey(opts.encrypt.cert, 'crt'));
      const sp = samlify.ServiceProvider({ metadata: spMeta, wantMessageSigned: signing !== 'assertion' });
      let xml: string;
      if (signing === 'none') {
        xml = opts.encrypt ? Buffer.from(await samlify.SamlLib.encryptAssertion(idp, sp, raw), 'base64').toString('utf8') : raw;
      } else if (!opts.encrypt && CHARACTER_REFERENCE.test(raw)) {
        xml = signKeepingReferences(raw, signing, keyName);
      } else {
        const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: values.InResponseTo ?? '' } } }, 'post', { email: values.NameID! },
          { customTagReplacement: () => ({ id: values.ID!, context: raw }), encryptThenSign: !!opts.encrypt }) as { context: string };
        xml = Buffer.from(context, 'base64').toString('utf8');
      }
      return Buffer.from(opts.tamper ? opts.tamper(xml) : xml, 'utf8').toString('base64');
    },
  };
}

/**
 * What anyone holding the SP's public certificate can do: replace the response's plain assertion
 * by an EncryptedAssertion of `plaintext` (default: that assertion as it is) — e.g. a signed
 * assertion tampered with first, or content no IdP would send.
 */
export async function sealAssertion(responseBase64: string, certPem: string, opts: { plaintext?: string; data?: string; key?: string } = {}): Promise<string> {
  const xml = Buffer.from(responseBase64, 'base64').toString('utf8');
  const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
  const plaintext = opts.plaintext ?? (/^<saml:Assertion[^>]*xmlns:saml=/.test(assertion) ? assertion
    : assertion.replace('<saml:Assertion ', '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '));
  const cert = new X509Certificate(certPem);
  const sealed = await new Promise<string>((resolve, reject) => xmlenc.encrypt(plaintext, {
    rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }) as string, pem: certPem,
    encryptionAlgorithm: (opts.data ?? ENCRYPTION.aes256gcm) as xmlenc.EncryptionAlgorithm, keyEncryptionAlgorithm: (opts.key ?? ENCRYPTION.rsaOaep) as xmlenc.KeyEncryptionAlgorithm,
  }, (err, res) => (err ? reject(err) : resolve(res))));
  const encrypted = `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${sealed}</saml:EncryptedAssertion>`;
  return Buffer.from(xml.replace(assertion, encrypted), 'utf8').toString('base64');
}

/** The AuthnRequest id inside a Redirect-binding URL (SAMLRequest is deflated, then base64). */
export function authnRequestId(redirectUrl: string): string {
  const req = new URL(redirectUrl).searchParams.get('SAMLRequest')!;
  const xml = inflateRawSync(Buffer.from(req, 'base64')).toString('utf8');
  return /\sID="([^"]+)"/.exec(xml)![1]!;
}

function spValues(spMetadata: string): Record<string, string> {
  const entity = /entityID="([^"]+)"/.exec(spMetadata)![1]!;
  const acs = /AssertionConsumerService[^>]*Location="([^"]+)"/.exec(spMetadata)![1]!;
  return { Destination: acs, Audience: entity, EntityID: entity, SubjectRecipient: acs, AssertionConsumerServiceURL: acs };
}

/** SP metadata whose encryption certificate is `pem` (an IdP configured with the wrong certificate). */
function withEncryptionCert(spMetadata: string, pem: string): string {
  const bare = pem.replace(/-----[^-]+-----|\s/g, '');
  const descriptor = `<KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${bare}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;
  const without = spMetadata.replace(/<KeyDescriptor use="encryption">[\s\S]*?<\/KeyDescriptor>/, '');
  return without.replace(/(<SPSSODescriptor[^>]*>)/, `$1${descriptor}`);
}

function attributeStatement(attrs: Record<string, string | string[]>): string {
  const entries = Object.entries(attrs);
  if (entries.length === 0) return '';
  return '<saml:AttributeStatement>' + entries.map(([name, v]) => `<saml:Attribute Name="${esc(name)}">` +
    (Array.isArray(v) ? v : [v]).map((x) => `<saml:AttributeValue xsi:type="xs:string">${esc(x)}</saml:AttributeValue>`).join('') +
    '</saml:Attribute>').join('') + '</saml:AttributeStatement>';
}

function idpMetadata(entityId: string, ssoUrl: string, certs: string[]): string {
  const keys = certs.map((c) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${c.replace(/-----[^-]+-----|\s/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('');
  return `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

function esc(s: string): string {
  return references(s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!)));
}

/** A NUL or an unpaired surrogate as a character reference (the XML parser decodes it back). */
const HOSTILE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const CHARACTER_REFERENCE = /&#(0|x[dD][89a-fA-F][0-9a-fA-F]{2});/;
const references = (s: string) => s.replace(HOSTILE, (c) => (c === '\u0000' ? '&#0;' : `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`));

/** samlify's signer, as createLoginResponse calls it (assertion first, then the message), without its UTF-8 base64 step. */
function signKeepingReferences(raw: string, signing: Exclude<Signing, 'none'>, keyName: string): string {
  const base = { privateKey: readKey(keyName, 'key'), signingCert: readKey(keyName, 'crt').replace(/-----[^-]+-----|\s/g, ''), signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', isBase64Output: false };
  const sign = (opts: Record<string, unknown>) => samlify.SamlLib.constructSAMLSignature(opts as never) as string;
  let xml = raw;
  if (signing === 'assertion' || signing === 'both') {
    xml = sign({ ...base, rawSamlMessage: xml, referenceTagXPath: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
      signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } } });
  }
  if (signing === 'response' || signing === 'both') {
    xml = sign({ ...base, rawSamlMessage: xml, isMessageSigned: true,
      signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' } } });
  }
  return references(xml);
}
