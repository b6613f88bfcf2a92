// SSO connections: each with the exact values to paste into Okta, Entra ID or Google Workspace
// (named as each IdP names its fields, with copy buttons), its certificates' expiry, warnings,
// "Test sign-in" (in a new tab: the IdP's answer is checked and shown, nobody is signed in, so the
// admin stays signed in here), switch off/on, new metadata or client secret, and removal; plus the forms that
// add a SAML connection (metadata URL or file) or an OIDC one.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Badge, Card, CopyField, Dialog, EmptyState, ErrorNotice, Facts, Loading, Notice } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { date } from '../format.js';
import type { SsoConnection } from '../types.js';
import { OidcForm, SamlForm, SamlMetadataForm, SecretForm } from './sso-forms.js';

type Idp = 'okta' | 'entra' | 'google';
const IDP_NAMES: Record<Idp, string> = { okta: 'Okta', entra: 'Entra ID', google: 'Google Workspace' };

/** The IdP's own name for each value we publish. */
function setupFields(c: SsoConnection, idp: Idp): Array<[string, string]> {
  const s = c.setup;
  if (c.kind === 'oidc') {
    const redirect = { okta: 'Sign-in redirect URI', entra: 'Redirect URI (Web)', google: 'Authorized redirect URI' }[idp];
    const login = { okta: 'Initiate login URI', entra: 'Home page URL', google: 'Sign-in URL' }[idp];
    return [[redirect, s.redirectUri!], [login, s.loginUrl]];
  }
  const names = {
    okta: ['Single sign-on URL', 'Audience URI (SP Entity ID)', 'Initiate login URI', 'SP metadata URL'],
    entra: ['Reply URL (Assertion Consumer Service URL)', 'Identifier (Entity ID)', 'Sign on URL', 'App Federation Metadata (SP metadata URL)'],
    google: ['ACS URL', 'Entity ID', 'Start URL', 'SP metadata URL'],
  }[idp];
  return [[names[0]!, s.acsUrl!], [names[1]!, s.entityId!], [names[2]!, s.loginUrl], [names[3]!, s.metadataUrl!]];
}

export function SsoSection() {
  const list = useLoad(() => api<{ connections: SsoConnection[] }>('GET', '/sso-connections'), []);
  const [adding, setAdding] = useState<'saml' | 'oidc' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const connections = list.data?.connections ?? [];
  const added = (c: SsoConnection) => { setAdding(null); setNote(`${c.label} was added. Paste the values below into ${c.kind === 'saml' ? 'your IdP\'s SAML app' : 'your IdP\'s OIDC app'}, then use Test sign-in.`); void list.reload(); };
  const actions = (
    <>
      <button type="button" class="btn" onClick={() => setAdding('saml')}><Icon name="plus" /> Add SAML connection</button>
      <button type="button" class="btn" onClick={() => setAdding('oidc')}><Icon name="plus" /> Add OIDC connection</button>
    </>
  );
  return (
    <Card title="Single sign-on" id="sso" actions={connections.length ? actions : undefined}>
      {note ? <Notice kind="success">{note}</Notice> : null}
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorNotice error={list.error} />
      {list.data && connections.length === 0 ? (
        <EmptyState title="Set up single sign-on">
          People then sign in with their work account at Okta, Entra ID or Google, and get a seat on their first sign-in.
          <span class="empty-actions">{actions}</span>
        </EmptyState>
      ) : null}
      {connections.map((c) => <ConnectionCard key={c.id} c={c} onChanged={() => { void list.reload(); }} />)}
      <Dialog title="Add SAML connection" open={adding === 'saml'} onClose={() => setAdding(null)}><SamlForm onAdded={added} /></Dialog>
      <Dialog title="Add OIDC connection" open={adding === 'oidc'} onClose={() => setAdding(null)}><OidcForm onAdded={added} /></Dialog>
    </Card>
  );
}

function ConnectionCard({ c, onChanged }: { c: SsoConnection; onChanged: () => void }) {
  const [idp, setIdp] = useState<Idp>('okta');
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const act = useAction(async (call: () => Promise<unknown>) => { await call(); onChanged(); });
  const headingId = `conn-${c.id}`;
  return (
    <section class="connection" aria-labelledby={headingId}>
      <div class="connection-header">
        <h3 id={headingId}>{c.label} <Badge kind="info">{c.kind.toUpperCase()}</Badge> <Badge kind={c.enabled ? 'success' : 'neutral'}>{c.enabled ? 'On' : 'Off'}</Badge></h3>
        <div class="actions">
          <a class="btn primary" href={c.setup.testUrl} target="_blank" rel="noopener" aria-describedby={`${headingId}-test`}>Test sign-in <span class="sr-only">(opens a new tab)</span></a>
          <button type="button" class="btn" disabled={act.busy} onClick={() => { void act.run(() => api('PATCH', `/sso-connections/${c.id}`, { body: { enabled: !c.enabled } })); }}>{c.enabled ? 'Switch off' : 'Switch on'}</button>
          <button type="button" class="btn" onClick={() => setEditing(true)}>{c.kind === 'saml' ? 'Upload new metadata' : 'New client secret'}</button>
          <button type="button" class="btn danger" onClick={() => setRemoving(true)}>Remove</button>
        </div>
      </div>
      <p class="hint test-hint" id={`${headingId}-test`}>Test sign-in opens your identity provider in a new tab: sign in there as any user of {c.label}, and Seatgate shows what it sent and what a real sign-in would do. Nobody is signed in by a test; you stay signed in here.</p>
      {c.warnings.map((w) => <Notice kind="warning" key={w}>{w}</Notice>)}
      <ErrorNotice error={act.error} />
      {removing ? (
        <Notice kind="warning" title={`Remove ${c.label}?`}>
          People who signed in through it stay members, but can no longer sign in this way.{' '}
          <button type="button" class="btn danger small" disabled={act.busy} onClick={() => { void act.run(() => api('DELETE', `/sso-connections/${c.id}`)); }}>Yes, remove</button>{' '}
          <button type="button" class="btn ghost small" onClick={() => setRemoving(false)}>Keep it</button>
        </Notice>
      ) : null}
      <div class="grid cols-2 connection-body">
        <div>
          <h4>Give your identity provider these values</h4>
          <div class="segmented" role="group" aria-label={`Field names of ${c.label} for`}>
            {(Object.keys(IDP_NAMES) as Idp[]).map((k) => <button type="button" key={k} class="btn small" aria-pressed={idp === k} onClick={() => setIdp(k)}>{IDP_NAMES[k]}</button>)}
          </div>
          {setupFields(c, idp).map(([label, value]) => <CopyField key={label} label={label} value={value} />)}
        </div>
        <div>
          <h4>Identity provider</h4>
          {c.saml ? (
            <Facts items={[
              ['IdP entity ID', <code>{c.saml.idpEntityId}</code>], ['IdP sign-in URL', <code>{c.saml.ssoUrl}</code>],
              ['Signed part', c.saml.signed], ['IdP-initiated sign-in', c.saml.allowIdpInitiated ? 'allowed' : 'refused'],
              ...c.saml.certificates.map((cert, i): [string, preact.ComponentChildren] => [`Signing certificate ${i + 1}`,
                <>{cert.expiresAt ? `expires ${date(cert.expiresAt)}` : 'unreadable'} <Badge kind={cert.status === 'valid' ? 'success' : 'warning'}>{cert.status}</Badge></>]),
            ]} />
          ) : c.oidc ? (
            <Facts items={[['Issuer', <code>{c.oidc.issuer}</code>], ['Client ID', <code>{c.oidc.clientId}</code>], ['Client secret', 'set (never shown)'], ['Scopes', c.oidc.scopes]]} />
          ) : null}
        </div>
      </div>
      <Dialog title={c.kind === 'saml' ? `New metadata for ${c.label}` : `New client secret for ${c.label}`} open={editing} onClose={() => setEditing(false)}>
        {c.kind === 'saml'
          ? <SamlMetadataForm connectionId={c.id} onSaved={() => { setEditing(false); onChanged(); }} />
          : <SecretForm connectionId={c.id} onSaved={() => { setEditing(false); onChanged(); }} />}
      </Dialog>
    </section>
  );
}
