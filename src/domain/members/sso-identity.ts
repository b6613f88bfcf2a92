// A person as an IdP vouched for them at sign-in (SAML or OIDC, already validated at the edge).
export interface SsoIdentity {
  orgId: string;
  connection: { id: string; label: string };
  /** SAML NameID or OIDC `sub`: the stable key of the person at this IdP. */
  subject: string;
  email: string;
  /** True only when the IdP vouches for the email (SAML from the org's IdP; OIDC email_verified). */
  emailVerified: boolean;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}
