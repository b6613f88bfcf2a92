// Parses SAML XML into a DOM for reading facts. A DOCTYPE is refused outright (no entity
// expansion, no XXE), and parse errors are errors, not a half-built tree.
import { DOMParser } from '@xmldom/xmldom';
import { SsoRejected } from '../domain/errors.js';

export const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS = 'http://www.w3.org/2000/09/xmldsig#';

export function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new SsoRejected('SAML_MALFORMED', 'The XML carries a DOCTYPE, which SAML never needs.');
  let failure: string | null = null;
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: (m: string) => { failure ??= m; }, fatalError: (m: string) => { failure ??= m; } },
  }).parseFromString(xml, 'text/xml');
  if (failure || !doc?.documentElement) throw new SsoRejected('SAML_MALFORMED', 'The XML could not be parsed.', failure ?? undefined);
  return doc as unknown as Document;
}

export function children(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}

export function descendants(el: Element | Document, ns: string, local: string): Element[] {
  return Array.from(el.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<Element>);
}
