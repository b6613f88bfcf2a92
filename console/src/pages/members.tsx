// Members: a table with search and filters (tier, role, status, arrival method), sortable by its
// column headers, paged by the API's cursor; "Manage" per member (role, seat tier, suspend or
// reactivate, remove), "History" to their provisioning log; "Add member" invites; pending
// invitations below, with Resend and Revoke and their expiry.
import { useState } from 'preact/hooks';
import type { PageProps } from '../app.js';
import { useLoad } from '../components/use-load.js';
import { Badge, Card, EmptyState, ErrorNotice, Field, Loading, PageHeader, Select } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { date, METHOD_NAMES, ROLE_NAMES, STATUS_NAMES } from '../format.js';
import { tierName, tiersBestFirst } from '../tiers.js';
import { listMembers, type MemberQuery } from '../loaders.js';
import { Link } from '../router.js';
import type { Member } from '../types.js';
import { ManageMemberDialog } from './member-dialog.js';
import { InviteDialog, PendingInvitations } from './invitations.js';

const PAGE_SIZE = 25;
type SortKey = NonNullable<MemberQuery['sort']>;

export function MembersPage({ me }: PageProps) {
  const [query, setQuery] = useState<MemberQuery>({ status: 'active', sort: 'email', order: 'asc' });
  const [search, setSearch] = useState('');
  // Cursors of the pages before this one, so "Previous page" can go back.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [managing, setManaging] = useState<Member | null>(null);
  const [inviting, setInviting] = useState(false);
  const [invitesVersion, setInvitesVersion] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(() => listMembers({ ...query, limit: PAGE_SIZE }, cursor), [JSON.stringify(query), cursor]);
  const change = (next: Partial<MemberQuery>) => { setCursors([null]); setQuery({ ...query, ...next }); };
  const sortBy = (key: SortKey) => change({ sort: key, order: query.sort === key && query.order === 'asc' ? 'desc' : 'asc' });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={query.sort === key ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => sortBy(key)}>{label}<span aria-hidden="true">{query.sort === key ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}</span></button>
    </th>
  );
  const members = page.data?.members ?? [];
  const first = (cursors.length - 1) * PAGE_SIZE + 1;
  return (
    <>
      <PageHeader title="Members" description="Everyone who holds or held a seat, however they arrived: SCIM, first SSO sign-in or invitation."
        actions={<button type="button" class="btn primary" onClick={() => setInviting(true)}><Icon name="plus" /> Add member</button>} />
      <Card>
        <form class="filters" role="search" aria-label="Filter members" onSubmit={(e) => { e.preventDefault(); change({ q: search.trim() || undefined }); }}>
          <Field label="Search" id="member-search">
            {() => <input id="member-search" type="search" placeholder="Name or email" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field label="Status" id="member-status">
            {() => <Select id="member-status" value={query.status ?? ''} onChange={(e) => change({ status: (e.currentTarget as HTMLSelectElement).value || undefined })}
              options={[['', 'Any status'], ['active', 'Active'], ['suspended', 'Suspended'], ['deprovisioned', 'Removed']]} />}
          </Field>
          <Field label="Seat tier" id="member-tier">
            {() => <Select id="member-tier" value={query.tier ?? ''} onChange={(e) => change({ tier: (e.currentTarget as HTMLSelectElement).value || undefined })}
              options={[['', 'Any tier'], ...tiersBestFirst().map((t): [string, string] => [t.key, t.name])]} />}
          </Field>
          <Field label="Role" id="member-role">
            {() => <Select id="member-role" value={query.role ?? ''} onChange={(e) => change({ role: (e.currentTarget as HTMLSelectElement).value || undefined })}
              options={[['', 'Any role'], ['primary_owner', 'Primary owner'], ['owner', 'Owner'], ['admin', 'Admin'], ['member', 'Member']]} />}
          </Field>
          <Field label="Arrived via" id="member-method">
            {() => <Select id="member-method" value={query.method ?? ''} onChange={(e) => change({ method: (e.currentTarget as HTMLSelectElement).value || undefined })}
              options={[['', 'Any way'], ['scim', 'SCIM'], ['jit', 'SSO (first sign-in)'], ['manual', 'Invitation'], ['cli', 'Command line'], ['admin', 'Admin console / API']]} />}
          </Field>
          <div class="field"><span class="label-spacer" aria-hidden="true">&nbsp;</span><button type="submit" class="btn">Search</button></div>
        </form>
        {page.loading && !page.data ? <Loading label="Loading members" /> : null}
        <ErrorNotice error={page.error} />
        {page.data && members.length === 0 ? (
          <EmptyState title="No members match" action={{ label: 'Add member', onClick: () => setInviting(true) }}>Change the filters, or invite someone.</EmptyState>
        ) : null}
        {members.length ? (
          <table aria-label="Members" aria-busy={page.loading}>
            <thead><tr>{header('email', 'Member')}{header('role', 'Role')}{header('tier', 'Seat')}{header('status', 'Status')}<th scope="col">Arrived via</th>{header('createdAt', 'Since')}<th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row"><span class="name">{m.displayName ?? m.email}</span>{m.displayName ? <span class="muted small block">{m.email}</span> : null}</th>
                  <td>{ROLE_NAMES[m.role]}</td>
                  <td>{m.seatTier ? tierName(m.seatTier) : <span class="muted">none</span>}</td>
                  <td><Badge kind={m.status === 'active' ? 'success' : m.status === 'suspended' ? 'warning' : 'neutral'}>{STATUS_NAMES[m.status]}</Badge></td>
                  <td>{METHOD_NAMES[m.createdVia] ?? m.createdVia}</td>
                  <td>{date(m.createdAt)}</td>
                  <td class="row-actions">
                    <button type="button" class="btn small" onClick={() => setManaging(m)} aria-label={`Manage ${m.email}`}>Manage</button>
                    <Link class="btn small ghost" href={`/log?memberId=${m.id}&who=${encodeURIComponent(m.email)}`} aria-label={`History of ${m.email}`}>History</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {page.data ? (
          <nav class="pager" aria-label="Pages of members">
            <span class="muted" aria-live="polite">{members.length ? `${first}–${first + members.length - 1} of ${page.data.total}` : 'No members'}</span>
            <button type="button" class="btn small" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
            <button type="button" class="btn small" disabled={!page.data.next} onClick={() => setCursors([...cursors, page.data!.next])}>Next page</button>
          </nav>
        ) : null}
      </Card>
      <PendingInvitations version={invitesVersion} />
      <ManageMemberDialog me={me} member={managing} onClose={() => setManaging(null)} onChanged={() => { void page.reload(); }} />
      <InviteDialog me={me} open={inviting} onClose={() => setInviting(false)} onSent={() => setInvitesVersion(invitesVersion + 1)} />
    </>
  );
}
