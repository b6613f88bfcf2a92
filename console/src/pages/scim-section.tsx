// SCIM tokens: create one for the IdP's provisioning connector (the token is shown once, with the
// SCIM base URL, both with copy buttons), list them with when each was last used, revoke one.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Badge, Card, CopyField, Dialog, EmptyState, ErrorNotice, Field, Loading, Notice } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { dateTime } from '../format.js';
import type { ScimToken } from '../types.js';

interface Created { token: ScimToken; secret: string; scimBaseUrl: string }

export function ScimSection() {
  const list = useLoad(() => api<{ tokens: ScimToken[]; scimBaseUrl: string }>('GET', '/scim-tokens'), []);
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const revoke = useAction(async (id: string) => { await api('DELETE', `/scim-tokens/${id}`); setConfirm(null); await list.reload(); });
  const tokens = list.data?.tokens ?? [];
  return (
    <Card title="SCIM provisioning" id="scim" actions={<button type="button" class="btn" onClick={() => setCreating(true)}><Icon name="plus" /> Create SCIM token</button>}>
      <p>Your IdP's provisioning connector creates, updates and removes members through SCIM 2.0{list.data ? <> at <code>{list.data.scimBaseUrl}</code></> : null}, with a bearer token from here. Keep two tokens during a rotation, then revoke the old one.</p>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorNotice error={list.error ?? revoke.error} />
      {list.data && tokens.length === 0 ? <EmptyState title="No SCIM token yet">Create one, then paste it and the SCIM base URL into Okta (Provisioning → Integration) or Entra ID (Provisioning → Admin credentials).</EmptyState> : null}
      {tokens.length ? (
        <table aria-label="SCIM tokens">
          <thead><tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th><td><code>{t.prefix}…</code></td><td>{dateTime(t.createdAt)}</td><td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'never'}</td>
                <td>{t.revokedAt ? <Badge>Revoked {dateTime(t.revokedAt)}</Badge> : <Badge kind="success">Active</Badge>}</td>
                <td class="row-actions">
                  {t.revokedAt ? null : confirm === t.id ? (
                    <>
                      <button type="button" class="btn small danger" disabled={revoke.busy} onClick={() => { void revoke.run(t.id); }} aria-label={`Confirm revoking ${t.name}`}>Yes, revoke</button>
                      <button type="button" class="btn small ghost" onClick={() => setConfirm(null)}>Keep</button>
                    </>
                  ) : <button type="button" class="btn small danger" onClick={() => setConfirm(t.id)} aria-label={`Revoke ${t.name}`}>Revoke</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Dialog title="Create SCIM token" open={creating} onClose={() => { setCreating(false); void list.reload(); }}>
        <CreateToken onDone={() => { setCreating(false); void list.reload(); }} />
      </Dialog>
    </Card>
  );
}

function CreateToken({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const create = useAction(async () => setCreated(await api<Created>('POST', '/scim-tokens', { body: { name: name.trim() } })));
  if (created) {
    return (
      <div>
        <Notice kind="warning" title="Copy the token now">It is shown only this once: Seatgate keeps only its hash. If it is lost, create another and revoke this one.</Notice>
        <CopyField label="SCIM base URL" value={created.scimBaseUrl} />
        <CopyField label="Bearer token" value={created.secret} secret />
        <div class="dialog-actions"><button type="button" class="btn primary" onClick={onDone}>Done</button></div>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); void create.run(); }}>
      <Field label="Token name" id="scim-token-name" hint="Which IdP or connector uses it, e.g. Okta provisioning.">
        {(d) => <input id="scim-token-name" required maxLength={100} value={name} aria-describedby={d} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <ErrorNotice error={create.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={create.busy || !name.trim()}>Create token</button></div>
    </form>
  );
}
