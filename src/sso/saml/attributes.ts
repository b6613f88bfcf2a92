// Reads email, names and groups from a validated SAML profile. The connection's own mapping wins;
// otherwise the names Okta, Entra ID and Google Workspace send by default are tried in order.
import type { AttributeMapping } from '../../db/schema.js';

export interface MappedProfile { email: string | null; givenName: string | null; familyName: string | null; displayName: string | null; groups: string[] }

const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

export const DEFAULT_SAML_ATTRIBUTES: Record<keyof AttributeMapping, readonly string[]> = {
  // Entra: emailaddress claim; Okta and Google: whatever the admin named it, usually "email".
  email: [`${CLAIMS}/emailaddress`, 'email', 'Email', 'mail', 'urn:oid:0.9.2342.19200300.100.1.3', `${CLAIMS}/upn`],
  givenName: [`${CLAIMS}/givenname`, 'firstName', 'givenName', 'given_name', 'urn:oid:2.5.4.42'],
  familyName: [`${CLAIMS}/surname`, 'lastName', 'familyName', 'sn', 'surname', 'urn:oid:2.5.4.4'],
  displayName: ['http://schemas.microsoft.com/identity/claims/displayname', 'displayName', 'name', 'urn:oid:2.16.840.1.113730.3.1.241'],
  groups: ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'groups', 'memberOf'],
};

export function mapSamlProfile(attributes: Record<string, unknown>, nameId: string, mapping: AttributeMapping): MappedProfile {
  const pick = (key: keyof AttributeMapping): unknown => {
    for (const name of mapping[key] ? [mapping[key]!] : DEFAULT_SAML_ATTRIBUTES[key]) {
      if (Object.prototype.hasOwnProperty.call(attributes, name) && attributes[name] != null) return attributes[name];
    }
    return null;
  };
  const one = (key: keyof AttributeMapping): string | null => {
    const v = pick(key);
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' && first.trim() ? first.trim() : null;
  };
  const groups = pick('groups');
  return {
    // A NameID in email format is the email when no attribute carries one (Google's default).
    email: one('email') ?? (/^[^@\s]+@[^@\s]+$/.test(nameId) ? nameId : null),
    givenName: one('givenName'),
    familyName: one('familyName'),
    displayName: one('displayName'),
    groups: (Array.isArray(groups) ? groups : groups == null ? [] : [groups]).filter((g): g is string => typeof g === 'string'),
  };
}
