// The facts our rules check, read from two places with care: the routing facts of the Response
// (Destination, InResponseTo, NameID comments) from the raw message, and everything about the
// person and the assertion's validity from the XML node-saml verified — never from the unsigned
// part of a response (node-saml < 5.1 read identity from there: FIELD-NOTES).
import { children, descendants, DS, parseXml, SAML, SAMLP } from '../../federation/xml-dom.js';

export interface RawFacts {
  destination: string | null;
  inResponseTo: string | null;
  /** A comment or processing instruction inside any NameID (the 2018 comment-truncation attack). */
  nameIdHasComment: boolean;
  /** Whether the Response root and its Assertion carry a ds:Signature child at all. */
  responseHasSignature: boolean;
  assertionHasSignature: boolean;
}

export interface SignedFacts {
  assertionId: string | null;
  issuer: string | null;
  nameId: string | null;
  /** Recipient of each bearer SubjectConfirmationData. */
  recipients: string[];
  /** The latest NotOnOrAfter the assertion states: how long it must be remembered against replay. */
  validUntil: Date | null;
}

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export function rawFacts(responseXml: string): RawFacts {
  const doc = parseXml(responseXml);
  const root = doc.documentElement;
  const isResponse = root.namespaceURI === SAMLP && root.localName === 'Response';
  const nameIds = descendants(doc, SAML, 'NameID');
  return {
    destination: isResponse ? root.getAttribute('Destination') || null : null,
    inResponseTo: isResponse ? root.getAttribute('InResponseTo') || null : null,
    nameIdHasComment: nameIds.some((n) => hasNonTextChild(n)),
    responseHasSignature: isResponse && children(root, DS, 'Signature').length > 0,
    assertionHasSignature: isResponse && children(root, SAML, 'Assertion').some((a) => children(a, DS, 'Signature').length > 0),
  };
}

export function signedFacts(assertionXml: string): SignedFacts {
  const assertion = parseXml(assertionXml).documentElement;
  const subject = children(assertion, SAML, 'Subject')[0];
  const nameId = subject ? children(subject, SAML, 'NameID')[0] : undefined;
  const bearerData = (subject ? children(subject, SAML, 'SubjectConfirmation') : [])
    .filter((c) => c.getAttribute('Method') === BEARER)
    .flatMap((c) => children(c, SAML, 'SubjectConfirmationData'));
  const conditions = children(assertion, SAML, 'Conditions');
  const limits = [...bearerData, ...conditions].map((e) => e.getAttribute('NotOnOrAfter')).filter((v): v is string => !!v)
    .map((v) => new Date(v)).filter((d) => !Number.isNaN(d.getTime()));
  return {
    assertionId: assertion.getAttribute('ID') || null,
    issuer: (children(assertion, SAML, 'Issuer')[0]?.textContent ?? '').trim() || null,
    nameId: nameId ? (nameId.textContent ?? '').trim() || null : null,
    recipients: bearerData.map((d) => d.getAttribute('Recipient') ?? '').filter(Boolean),
    validUntil: limits.length ? new Date(Math.max(...limits.map((d) => d.getTime()))) : null,
  };
}

function hasNonTextChild(el: Element): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 8 /* comment */ || n.nodeType === 7 /* processing instruction */ || n.nodeType === 1) return true;
  }
  return false;
}
