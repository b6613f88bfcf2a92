// Identity: how people get in. SSO connections (SAML or OIDC, with the values to paste into the
// IdP), SCIM tokens for the IdP's provisioning connector, and the verified domains that both rely
// on. Single sign-on and SCIM are for Owners; Admins manage domains.
import type { PageProps } from '../app.js';
import { Card, PageHeader } from '../components/ui.js';
import { isOwner } from '../format.js';
import { SsoSection } from './sso-section.js';
import { ScimSection } from './scim-section.js';
import { DomainsSection } from './domains-section.js';

export function IdentityPage({ me }: PageProps) {
  const owner = isOwner(me.member.role);
  return (
    <>
      <PageHeader title="Identity" description="Single sign-on, SCIM provisioning and the domains your people's emails are on." />
      {owner ? <SsoSection /> : <Card title="Single sign-on" id="sso"><p>Only Owners can set up single sign-on.</p></Card>}
      {owner ? <ScimSection /> : <Card title="SCIM provisioning" id="scim"><p>Only Owners can create or revoke SCIM tokens.</p></Card>}
      <DomainsSection />
    </>
  );
}
