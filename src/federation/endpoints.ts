// The URLs Seatgate publishes for each SSO connection: what an IT admin pastes into the IdP.
export interface SamlEndpoints { entityId: string; metadataUrl: string; acsUrl: string; loginUrl: string }
export interface OidcEndpoints { redirectUri: string; loginUrl: string }

export function samlEndpoints(publicUrl: string, connectionId: string): SamlEndpoints {
  const base = `${publicUrl}/sso/saml/${connectionId}`;
  return { entityId: `${base}/metadata`, metadataUrl: `${base}/metadata`, acsUrl: `${base}/acs`, loginUrl: `${base}/login` };
}

export function oidcEndpoints(publicUrl: string, connectionId: string): OidcEndpoints {
  const base = `${publicUrl}/sso/oidc/${connectionId}`;
  return { redirectUri: `${base}/callback`, loginUrl: `${base}/login` };
}
