// The forms behind the SSO connection buttons: add SAML (the IdP's metadata URL, or its metadata
// file read in the browser and sent as XML), add OIDC (issuer, client id and secret; the server
// checks the issuer's discovery before storing), upload new SAML metadata (certificate rotation),
// and set a new OIDC client secret.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction } from '../components/use-load.js';
import { ErrorNotice, Field, Select } from '../components/ui.js';
import type { SsoConnection } from '../types.js';

function MetadataSource({ value, onChange }: { value: { url: string; xml: string | null; fileName: string | null; from: 'url' | 'file' }; onChange: (v: typeof value) => void }) {
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    onChange({ ...value, xml: await file.text(), fileName: file.name });
  };
  return (
    <fieldset>
      <legend>IdP metadata</legend>
      <div class="radios">
        <label><input type="radio" name="metadata-from" checked={value.from === 'url'} onChange={() => onChange({ ...value, from: 'url' })} /> From a URL</label>
        <label><input type="radio" name="metadata-from" checked={value.from === 'file'} onChange={() => onChange({ ...value, from: 'file' })} /> From a file</label>
      </div>
      {value.from === 'url' ? (
        <Field label="Metadata URL" id="saml-metadata-url" hint="Okta: Sign On → Metadata URL. Entra ID: App Federation Metadata Url. Google: download the metadata file instead.">
          {(d) => <input id="saml-metadata-url" type="url" required placeholder="https://…" value={value.url} aria-describedby={d} onInput={(e) => onChange({ ...value, url: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
      ) : (
        <Field label="Metadata file" id="saml-metadata-file" hint={value.fileName ? `Read ${value.fileName}.` : 'The IdP metadata XML (Entra ID: Federation Metadata XML; Google: IdP metadata).'}>
          {(d) => <input id="saml-metadata-file" type="file" accept=".xml,application/xml,text/xml" aria-describedby={d} onChange={(e) => { void readFile((e.currentTarget as HTMLInputElement).files?.[0]); }} />}
        </Field>
      )}
    </fieldset>
  );
}

const emptySource = { url: '', xml: null as string | null, fileName: null as string | null, from: 'url' as 'url' | 'file' };
const sourceBody = (s: typeof emptySource) => (s.from === 'url' ? { metadataUrl: s.url.trim() } : { metadataXml: s.xml ?? '' });

export function SamlForm({ onAdded }: { onAdded: (c: SsoConnection) => void }) {
  const [label, setLabel] = useState('');
  const [source, setSource] = useState(emptySource);
  const [signed, setSigned] = useState('assertion');
  const [idpInitiated, setIdpInitiated] = useState(false);
  const add = useAction(async () => onAdded(await api<SsoConnection>('POST', '/sso-connections', {
    body: { kind: 'saml', ...(label.trim() ? { label: label.trim() } : {}), ...sourceBody(source), signed, allowIdpInitiated: idpInitiated },
  })));
  return (
    <form onSubmit={(e) => { e.preventDefault(); void add.run(); }}>
      <Field label="Name" id="saml-label" hint="How this connection is listed, e.g. Okta.">
        {(d) => <input id="saml-label" value={label} maxLength={200} aria-describedby={d} onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <MetadataSource value={source} onChange={setSource} />
      <Field label="What the IdP signs" id="saml-signed" hint="Okta, Entra ID and Google sign the assertion.">
        {(d) => <Select id="saml-signed" value={signed} aria-describedby={d} onChange={(e) => setSigned((e.currentTarget as HTMLSelectElement).value)}
          options={[['assertion', 'The assertion'], ['response', 'The whole response'], ['both', 'Both']]} />}
      </Field>
      <label class="check"><input type="checkbox" checked={idpInitiated} onChange={(e) => setIdpInitiated((e.currentTarget as HTMLInputElement).checked)} /> Allow sign-in started at the IdP (its app tile)</label>
      <ErrorNotice error={add.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={add.busy || (source.from === 'file' && !source.xml)}>Add SAML connection</button></div>
    </form>
  );
}

export function OidcForm({ onAdded }: { onAdded: (c: SsoConnection) => void }) {
  const [v, setV] = useState({ label: '', issuer: '', clientId: '', clientSecret: '', scopes: 'openid email profile' });
  const add = useAction(async () => onAdded(await api<SsoConnection>('POST', '/sso-connections', {
    body: { kind: 'oidc', ...(v.label.trim() ? { label: v.label.trim() } : {}), issuer: v.issuer.trim(), clientId: v.clientId.trim(), clientSecret: v.clientSecret, scopes: v.scopes.trim() },
  })));
  const input = (key: keyof typeof v, label: string, hint?: string, type: 'text' | 'url' | 'password' = 'text') => (
    <Field label={label} id={`oidc-${key}`} hint={hint}>
      {(d) => <input id={`oidc-${key}`} type={type as 'text'} required={key !== 'label'} value={v[key]} aria-describedby={d} autoComplete="off"
        onInput={(e) => setV({ ...v, [key]: (e.currentTarget as HTMLInputElement).value })} />}
    </Field>
  );
  return (
    <form onSubmit={(e) => { e.preventDefault(); void add.run(); }}>
      {input('label', 'Name', 'How this connection is listed, e.g. Entra ID.')}
      {input('issuer', 'Issuer URL', 'Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0. Okta: https://<your org>.okta.com. Google: https://accounts.google.com.', 'url')}
      {input('clientId', 'Client ID')}
      {input('clientSecret', 'Client secret', 'Stored by Seatgate and never shown again.', 'password')}
      {input('scopes', 'Scopes', 'Must include openid; email and profile give the email and name.')}
      <ErrorNotice error={add.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={add.busy}>Add OIDC connection</button></div>
    </form>
  );
}

export function SamlMetadataForm({ connectionId, onSaved }: { connectionId: string; onSaved: () => void }) {
  const [source, setSource] = useState(emptySource);
  const save = useAction(async () => { await api('PATCH', `/sso-connections/${connectionId}`, { body: sourceBody(source) }); onSaved(); });
  return (
    <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      <p>The IdP's current metadata replaces its entity ID, sign-in URL and signing certificates. During a certificate rotation, upload metadata that lists both certificates.</p>
      <MetadataSource value={source} onChange={setSource} />
      <ErrorNotice error={save.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={save.busy}>Save metadata</button></div>
    </form>
  );
}

export function SecretForm({ connectionId, onSaved }: { connectionId: string; onSaved: () => void }) {
  const [secret, setSecret] = useState('');
  const save = useAction(async () => { await api('PATCH', `/sso-connections/${connectionId}`, { body: { clientSecret: secret } }); onSaved(); });
  return (
    <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      <Field label="New client secret" id="oidc-new-secret" hint="Takes effect for the next sign-in.">
        {(d) => <input id="oidc-new-secret" type="password" required autoComplete="off" value={secret} aria-describedby={d} onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <ErrorNotice error={save.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={save.busy || !secret}>Save secret</button></div>
    </form>
  );
}
