// Reads what we need from an IdP's SAML metadata (SAML 2.0 Metadata §2.4.3): its entity id, the
// HTTP-Redirect SingleSignOnService location, and every signing certificate (several while a
// certificate rotates). Anything missing is a clear error naming the element.
import { InvalidInput } from '../domain/errors.js';
import { describeTextFault, findUnstorableText } from '../domain/text/storable-text.js';
import { children, descendants, DS, MD, parseXml } from './xml-dom.js';

export interface IdpMetadata { entityId: string; ssoUrl: string; certificates: string[] }

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export function parseIdpMetadata(xml: string): IdpMetadata {
  let doc: Document;
  try { doc = parseXml(xml); } catch { throw new InvalidInput('metadata', 'is not well-formed XML without a DOCTYPE'); }
  const entity = doc.documentElement.localName === 'EntityDescriptor' ? doc.documentElement : descendants(doc, MD, 'EntityDescriptor')[0];
  const entityId = entity?.getAttribute('entityID');
  if (!entity || !entityId) throw new InvalidInput('metadata', 'has no EntityDescriptor with an entityID');
  const idp = children(entity, MD, 'IDPSSODescriptor')[0];
  if (!idp) throw new InvalidInput('metadata', 'has no IDPSSODescriptor (is this SP metadata?)');
  const sso = children(idp, MD, 'SingleSignOnService').find((s) => s.getAttribute('Binding') === REDIRECT);
  if (!sso?.getAttribute('Location')) throw new InvalidInput('metadata', 'has no SingleSignOnService with the HTTP-Redirect binding');
  const certificates = children(idp, MD, 'KeyDescriptor')
    .filter((k) => !k.getAttribute('use') || k.getAttribute('use') === 'signing')
    .flatMap((k) => descendants(k, DS, 'X509Certificate'))
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean);
  if (certificates.length === 0) throw new InvalidInput('metadata', 'has no signing certificate (KeyDescriptor use="signing")');
  const meta = { entityId, ssoUrl: sso.getAttribute('Location')!, certificates: [...new Set(certificates)] };
  // &#0; or &#xD800; in the XML decode to text PostgreSQL cannot hold (src/domain/text/storable-text.ts).
  const bad = findUnstorableText(meta);
  if (bad) throw new InvalidInput(`metadata ${bad.path}`, describeTextFault(bad.fault));
  return meta;
}
