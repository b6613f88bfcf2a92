// Verified domains: add one (it gets a DNS TXT challenge to publish), verify it once the record is
// live, remove it. Invitations and first sign-ins accept only emails on verified domains.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Badge, Card, CopyField, EmptyState, ErrorNotice, Field, Loading, Notice } from '../components/ui.js';
import { date } from '../format.js';
import type { DomainInfo } from '../types.js';

export function DomainsSection() {
  const list = useLoad(() => api<{ domains: DomainInfo[] }>('GET', '/domains'), []);
  const [domain, setDomain] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const act = useAction(async (what: string | null, call: () => Promise<unknown>) => { await call(); setNote(what); await list.reload(); });
  const domains = list.data?.domains ?? [];
  return (
    <Card title="Domains" id="domains">
      <p>Only emails on a verified domain can be invited or sign in for the first time.</p>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); void act.run(null, () => api('POST', '/domains', { body: { domain: domain.trim() } })).then(() => setDomain('')); }}>
        <Field label="Add a domain" id="domain-new">
          {() => <input id="domain-new" placeholder="example.com" value={domain} onInput={(e) => setDomain((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <button type="submit" class="btn" disabled={act.busy || !domain.trim()}>Add domain</button>
      </form>
      {note ? <Notice kind="success">{note}</Notice> : null}
      <ErrorNotice error={list.error ?? act.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && domains.length === 0 ? <EmptyState title="No domain yet">Add the domain of your people's email addresses.</EmptyState> : null}
      {domains.map((d) => (
        <section class="domain" key={d.domain} aria-label={d.domain}>
          <div class="connection-header">
            <h3>{d.domain} {d.verified ? <Badge kind="success">verified {date(d.verifiedAt)}</Badge> : <Badge kind="warning">not verified</Badge>}</h3>
            <div class="actions">
              {!d.verified ? <button type="button" class="btn primary" disabled={act.busy} onClick={() => { void act.run(`${d.domain} is verified.`, () => api('POST', `/domains/${encodeURIComponent(d.domain)}/verify`, { body: {} })); }} aria-label={`Verify ${d.domain}`}>Verify</button> : null}
              <button type="button" class="btn danger" disabled={act.busy} onClick={() => { void act.run(`${d.domain} was removed.`, () => api('DELETE', `/domains/${encodeURIComponent(d.domain)}`)); }} aria-label={`Remove ${d.domain}`}>Remove</button>
            </div>
          </div>
          {d.challenge && !d.verified ? (
            <div class="grid cols-2">
              <p class="span-2">Publish this TXT record at your DNS provider, then choose Verify. DNS changes can take a while to be visible.</p>
              <CopyField label={`TXT record name for ${d.domain}`} value={d.challenge.name} />
              <CopyField label={`TXT record value for ${d.domain}`} value={d.challenge.value} />
            </div>
          ) : null}
        </section>
      ))}
    </Card>
  );
}
