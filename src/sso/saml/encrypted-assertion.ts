// Opens an EncryptedAssertion (XML Encryption, SAML 2.0 Core §2.3.4) with the SP's decryption key,
// so that our raw rules (signature present, NameID comments, one assertion) read the assertion the
// IdP actually sent. The opened copy is only read: node-saml gets the original response, whose
// signature covers the EncryptedAssertion, and decrypts it again for its own signature checks.
// Accepted: RSA-OAEP key transport (RSA-v1.5 is open to Bleichenbacher-style oracles) and AES-GCM
// or AES-CBC content (3DES refused) — what Okta and Entra send. Every failure from the RSA step
// to the parsed plaintext is one code, SAML_DECRYPTION_FAILED, so the page is no padding oracle.
import xmlenc from 'xml-encryption';
import { XMLSerializer } from '@xmldom/xmldom';
import { SsoRejected } from '../../domain/errors.js';
import { children, descendants, parseXml, SAML, SAMLP } from '../../federation/xml-dom.js';

export interface SpDecryption { privateKey: string; certificate: string }

/** The response as our rules read it: the original, or with its one assertion decrypted in place. */
export interface ReadableResponse { xml: string; encrypted: boolean }

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const KEY_TRANSPORT = ['http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p'];
const CONTENT = [
  'http://www.w3.org/2009/xmlenc11#aes256-gcm', 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc', 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
];

export const NO_DECRYPTION_KEY = 'The IdP encrypts its assertions and Seatgate has no key to decrypt them. Your IT admin either sets SAML_SP_DECRYPTION_KEY_FILE and SAML_SP_DECRYPTION_CERT_FILE on the Seatgate server and gives the IdP the encryption certificate from the SP metadata, or turns assertion encryption off at the IdP.';
const NOT_OUR_KEY = 'The encrypted assertion could not be decrypted with Seatgate\'s key. The IdP must encrypt to the certificate published in Seatgate\'s SP metadata (KeyDescriptor use="encryption").';

export async function readableResponse(xml: string, decryption: SpDecryption | null): Promise<ReadableResponse> {
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (root.namespaceURI !== SAMLP || root.localName !== 'Response') return { xml, encrypted: false };
  const encrypted = children(root, SAML, 'EncryptedAssertion');
  if (encrypted.length === 0) return { xml, encrypted: false };
  if (encrypted.length + children(root, SAML, 'Assertion').length > 1) {
    throw new SsoRejected('SAML_MULTIPLE_ASSERTIONS', 'The response carries more than one assertion (a signature-wrapping pattern).');
  }
  if (!decryption) throw new SsoRejected('SAML_ENCRYPTED_UNSUPPORTED', NO_DECRYPTION_KEY);
  const sealed = encrypted[0]!;
  checkAlgorithms(sealed);
  const assertion = await open(new XMLSerializer().serializeToString(sealed), inScopeNamespaces(sealed), decryption.privateKey);
  root.replaceChild(doc.importNode(assertion, true), sealed);
  return { xml: new XMLSerializer().serializeToString(doc), encrypted: true };
}

function checkAlgorithms(sealed: Element): void {
  const data = children(sealed, XENC, 'EncryptedData');
  if (data.length !== 1) throw new SsoRejected('SAML_DECRYPTION_FAILED', NOT_OUR_KEY, `${data.length} EncryptedData elements`);
  const used = [
    ...data.map((d) => [children(d, XENC, 'EncryptionMethod')[0]?.getAttribute('Algorithm') ?? '(none)', CONTENT] as const),
    ...descendants(sealed, XENC, 'EncryptedKey').map((k) => [children(k, XENC, 'EncryptionMethod')[0]?.getAttribute('Algorithm') ?? '(none)', KEY_TRANSPORT] as const),
  ];
  for (const [algorithm, allowed] of used) {
    if (!allowed.includes(algorithm)) {
      throw new SsoRejected('SAML_DECRYPTION_FAILED', `The IdP encrypts the assertion with ${algorithm}, which Seatgate does not accept. Choose RSA-OAEP for the key and AES-256-GCM (or AES-CBC) for the assertion at the IdP.`, algorithm);
    }
  }
}

// XML Encryption §4.5: the plaintext is a fragment read in the context of the element it replaces,
// so it may use prefixes declared further up (Shibboleth's responses do).
function inScopeNamespaces(el: Element): string {
  const seen = new Map<string, string>();
  for (let n: Node | null = el; n && n.nodeType === 1; n = n.parentNode) {
    const attrs = (n as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !seen.has(a.name)) seen.set(a.name, a.value);
    }
  }
  return [...seen].map(([name, value]) => ` ${name}="${value.replace(/[&<"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;' }[c]!))}"`).join('');
}

async function open(sealedXml: string, namespaces: string, privateKey: string): Promise<Element> {
  let plain: string | undefined;
  try {
    plain = await new Promise<string | undefined>((resolve, reject) => {
      // xml-encryption may call back twice (error, then undefined); the first call settles.
      xmlenc.decrypt(sealedXml, { key: privateKey, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false }, (err, res) => (err ? reject(err) : resolve(res)));
    });
  } catch (err) {
    throw new SsoRejected('SAML_DECRYPTION_FAILED', NOT_OUR_KEY, err instanceof Error ? err.message : String(err));
  }
  let content: Element[];
  try {
    const context = parseXml(`<seatgate-context${namespaces}>${plain ?? ''}</seatgate-context>`).documentElement;
    content = Array.from(context.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);
  } catch (err) {
    throw new SsoRejected('SAML_DECRYPTION_FAILED', NOT_OUR_KEY, `decrypted content: ${err instanceof SsoRejected ? err.detail ?? err.message : String(err)}`);
  }
  const assertion = content[0];
  if (content.length !== 1 || assertion!.namespaceURI !== SAML || assertion!.localName !== 'Assertion') {
    throw new SsoRejected('SAML_DECRYPTION_FAILED', NOT_OUR_KEY, `decrypted content is ${content.map((e) => e.tagName).join(', ') || 'no element'}, not one saml:Assertion`);
  }
  return assertion!;
}
