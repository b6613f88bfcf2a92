// Invitations: the "Add member" form (the email must be on a verified domain, and the form says so
// before it is sent; role; seat tier preference) and the pending invitations with their expiry,
// "Resend" (a new link, the old one stops working) and "Revoke".
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Card, Dialog, ErrorNotice, Field, Loading, Notice, Select } from '../components/ui.js';
import { dateTime, isOwner, ROLE_NAMES } from '../format.js';
import { tierName, tiersBestFirst } from '../tiers.js';
import { Link } from '../router.js';
import type { Invitation, Me, Org } from '../types.js';

interface Sent { invitation: Invitation; mail: { sent: boolean; via?: string; error?: string }; warnings?: string[] }

export function InviteDialog({ me, open, onClose, onSent }: { me: Me; open: boolean; onClose: () => void; onSent: () => void }) {
  return (
    <Dialog title="Add member" open={open} onClose={onClose}>
      <InviteForm me={me} onSent={onSent} />
    </Dialog>
  );
}

function InviteForm({ me, onSent }: { me: Me; onSent: () => void }) {
  const org = useLoad(() => api<Org>('GET', '/org'), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [tier, setTier] = useState('');
  const [sent, setSent] = useState<Sent | null>(null);
  const send = useAction(async () => {
    const r = await api<Sent>('POST', '/invitations', { body: { email: email.trim(), role, seatTier: tier || null } });
    setSent(r);
    setEmail('');
    onSent();
  });
  const domains = org.data?.verifiedDomains ?? [];
  const domain = email.includes('@') ? email.trim().split('@').pop()!.toLowerCase() : '';
  const offDomain = !!domain && org.data !== null && !domains.includes(domain);
  const roles = isOwner(me.member.role) ? ['member', 'admin', 'owner'] : ['member', 'admin'];
  if (org.loading && !org.data) return <Loading />;
  if (org.data && domains.length === 0) {
    return <Notice kind="warning" title="No verified domain yet">Invitations go only to emails on a verified domain. <Link href="/identity">Verify a domain</Link> first.</Notice>;
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!offDomain) void send.run(); }}>
      {sent ? (
        <Notice kind={sent.mail.sent ? 'success' : 'warning'} title={`Invitation for ${sent.invitation.email} created`}>
          {sent.mail.sent ? `The invitation mail is on its way; the link works until ${dateTime(sent.invitation.expiresAt)}.` : `The mail could not be sent (${sent.mail.error ?? 'unknown error'}): use Resend once mail works.`}
          {(sent.warnings ?? []).map((w) => <span class="block" key={w}>{w}</span>)}
        </Notice>
      ) : null}
      <Field label="Email" id="invite-email" hint={`Must be on a verified domain: ${domains.join(', ')}.`}>
        {(d) => <input id="invite-email" type="email" required autoComplete="off" value={email} aria-describedby={d} aria-invalid={offDomain}
          onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      {offDomain ? <Notice kind="error">{domain} is not a verified domain of {me.org.name}. Invite an address on {domains.join(', ')}, or verify {domain} under Identity first.</Notice> : null}
      <div class="grid cols-2">
        <Field label="Role" id="invite-role">
          {() => <Select id="invite-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)} options={roles.map((r) => [r, ROLE_NAMES[r as 'member']])} />}
        </Field>
        <Field label="Seat tier" id="invite-tier" hint={`Any: ${tiersBestFirst().map((t) => t.name.toLowerCase()).join(' first, then ')}. A pending invitation reserves no seat: it is claimed when accepted.`}>
          {(d) => <Select id="invite-tier" aria-describedby={d} value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value)}
            options={[['', 'Any free seat'], ...tiersBestFirst().map((t): [string, string] => [t.key, t.name])]} />}
        </Field>
      </div>
      <ErrorNotice error={send.error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={send.busy || offDomain || !email.trim()}>Send invitation</button></div>
    </form>
  );
}

export function PendingInvitations({ version }: { version: number }) {
  const list = useLoad(() => api<{ invitations: Invitation[] }>('GET', '/invitations', { query: { status: 'pending' } }), [version]);
  const [note, setNote] = useState<string | null>(null);
  const act = useAction(async (what: string, call: () => Promise<unknown>) => { await call(); setNote(what); await list.reload(); });
  const invitations = list.data?.invitations ?? [];
  return (
    <Card title="Pending invitations" id="invitations">
      {note ? <Notice kind="success">{note}</Notice> : null}
      <ErrorNotice error={list.error ?? act.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && invitations.length === 0 ? <p class="muted">No invitation is waiting to be accepted.</p> : null}
      {invitations.length ? (
        <table aria-label="Pending invitations">
          <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Seat</th><th scope="col">Invited by</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.email}</th><td>{ROLE_NAMES[i.role]}</td><td>{i.seatTier ? tierName(i.seatTier) : 'Any'}</td>
                <td>{i.invitedBy.label ?? i.invitedBy.type}</td><td class="nowrap">{dateTime(i.expiresAt)}</td>
                <td class="row-actions">
                  <button type="button" class="btn small" disabled={act.busy} aria-label={`Resend invitation to ${i.email}`}
                    onClick={() => { void act.run(`A new link was sent to ${i.email}; the previous one no longer works.`, () => api('POST', `/invitations/${i.id}/resend`, { body: {} })); }}>Resend</button>
                  <button type="button" class="btn small danger" disabled={act.busy} aria-label={`Revoke invitation to ${i.email}`}
                    onClick={() => { void act.run(`The invitation to ${i.email} was revoked.`, () => api('DELETE', `/invitations/${i.id}`)); }}>Revoke</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
