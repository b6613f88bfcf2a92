// Settings (Owners): the provisioning switches (invitations, first sign-in, SCIM), seat alerts
// (threshold and signed webhook; a new webhook secret is shown once), and API keys (created with a
// role, the secret shown once; listed with last use; revoked).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Badge, Card, CopyField, ErrorNotice, Field, Loading, Notice, PageHeader, Select } from '../components/ui.js';
import { dateTime, ROLE_NAMES } from '../format.js';
import type { AlertSettings, ApiKey, Org } from '../types.js';

export function SettingsPage(_: PageProps) {
  return (
    <>
      <PageHeader title="Settings" description="How people may arrive, when Owners are alerted about seats, and the API keys of scripts and integrations." />
      <ProvisioningCard />
      <AlertsCard />
      <ApiKeysCard />
    </>
  );
}

const SWITCHES = [
  ['manual', 'Invitations', 'Admins invite people by email.'],
  ['jit', 'Accounts at first sign-in (JIT)', 'A person on a verified domain who signs in through SSO for the first time gets an account and a seat.'],
  ['scim', 'SCIM provisioning', 'The IdP\'s connector creates, updates and removes members. Off: every SCIM request is refused.'],
] as const;

function ProvisioningCard() {
  const org = useLoad(() => api<Org>('GET', '/org'), []);
  const [v, setV] = useState<Org['provisioning'] | null>(null);
  useEffect(() => { if (org.data) setV(org.data.provisioning); }, [org.data]);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => { setV(await api<Org['provisioning']>('PUT', '/org/provisioning', { body: v })); setSaved(true); });
  return (
    <Card title="Provisioning" id="provisioning">
      {!v ? <Loading /> : (
        <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
          <p>Turning a way off stops new arrivals that way at once. Nobody who is already a member is touched.</p>
          {SWITCHES.map(([key, label, hint]) => (
            <label class="switch-row" key={key}>
              <input type="checkbox" role="switch" checked={v[key]} onChange={(e) => { setSaved(false); setV({ ...v, [key]: (e.currentTarget as HTMLInputElement).checked }); }} />
              <span><strong>{label}</strong><span class="muted block">{hint}</span></span>
            </label>
          ))}
          {saved ? <Notice kind="success">Provisioning settings saved.</Notice> : null}
          <ErrorNotice error={org.error ?? save.error} />
          <div class="dialog-actions"><button type="submit" class="btn primary" disabled={save.busy}>Save provisioning settings</button></div>
        </form>
      )}
    </Card>
  );
}

function AlertsCard() {
  const current = useLoad(() => api<AlertSettings>('GET', '/alerts'), []);
  const [threshold, setThreshold] = useState('90');
  const [webhook, setWebhook] = useState('');
  const [result, setResult] = useState<AlertSettings | null>(null);
  useEffect(() => { if (current.data) { setThreshold(String(current.data.thresholdPercent)); setWebhook(current.data.webhookUrl ?? ''); } }, [current.data]);
  const save = useAction(async () => {
    setResult(await api<AlertSettings>('PUT', '/alerts', { body: { thresholdPercent: Number(threshold), webhookUrl: webhook.trim() || null } }));
  });
  return (
    <Card title="Seat alerts" id="alerts">
      {current.loading && !current.data ? <Loading /> : null}
      <ErrorNotice error={current.error ?? save.error} />
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <p>Owners get a mail when a tier's seats are nearly all claimed, when none is free, and when people are refused for lack of seats.</p>
        <div class="grid cols-2">
          <Field label="Alert when this share of a tier is claimed (%)" id="alert-threshold">
            {() => <input id="alert-threshold" type="number" min={1} max={100} step={1} required value={threshold} onInput={(e) => setThreshold((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field label="Webhook URL (optional)" id="alert-webhook" hint="Receives the same alerts as signed JSON (X-Seatgate-Signature).">
            {(d) => <input id="alert-webhook" type="url" placeholder="https://…" value={webhook} aria-describedby={d} onInput={(e) => setWebhook((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
        </div>
        {result ? <Notice kind="success">Alert settings saved.</Notice> : null}
        {result?.webhookSecret ? <><Notice kind="warning" title="Copy the webhook signing secret now">It is shown only once.</Notice><CopyField label="Webhook signing secret" value={result.webhookSecret} secret /></> : null}
        <div class="dialog-actions"><button type="submit" class="btn primary" disabled={save.busy}>Save alert settings</button></div>
      </form>
    </Card>
  );
}

function ApiKeysCard() {
  const list = useLoad(() => api<{ apiKeys: ApiKey[] }>('GET', '/api-keys'), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'owner'>('admin');
  const [created, setCreated] = useState<{ apiKey: ApiKey; secret: string } | null>(null);
  const create = useAction(async () => { setCreated(await api('POST', '/api-keys', { body: { name: name.trim(), role } })); setName(''); await list.reload(); });
  const revoke = useAction(async (id: string) => { await api('DELETE', `/api-keys/${id}`); await list.reload(); });
  const keys = list.data?.apiKeys ?? [];
  return (
    <Card title="API keys" id="api-keys">
      <p>Scripts and integrations call the <a href="/api/docs">admin API</a> with a key, acting with the key's role.</p>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); void create.run(); }}>
        <Field label="Key name" id="key-name">{() => <input id="key-name" required maxLength={100} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />}</Field>
        <Field label="Role" id="key-role">{() => <Select id="key-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as 'admin')} options={[['admin', 'Admin'], ['owner', 'Owner']]} />}</Field>
        <button type="submit" class="btn" disabled={create.busy || !name.trim()}>Create API key</button>
      </form>
      {created ? <><Notice kind="warning" title={`Copy the secret of ${created.apiKey.name} now`}>It is shown only once.</Notice><CopyField label="API key secret" value={created.secret} secret /></> : null}
      <ErrorNotice error={list.error ?? create.error ?? revoke.error} />
      {keys.length ? (
        <table aria-label="API keys">
          <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Key</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th><td>{ROLE_NAMES[k.role]}</td><td><code>{k.prefix}…</code></td><td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</td>
                <td>{k.revokedAt ? <Badge>Revoked</Badge> : <Badge kind="success">Active</Badge>}</td>
                <td class="row-actions">{k.revokedAt ? null : <button type="button" class="btn small danger" disabled={revoke.busy} onClick={() => { void revoke.run(k.id); }} aria-label={`Revoke API key ${k.name}`}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : list.data ? <p class="muted">No API key yet.</p> : null}
    </Card>
  );
}
