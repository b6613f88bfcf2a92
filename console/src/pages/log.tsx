// Provisioning log: every arrival, change and refusal, newest first, filtered by time range,
// outcome, method, event and person (the filters live in the URL, so a member's "History" link
// and a shared link open the same view). A refusal shows its reason and the seat counts at that
// moment. "Download CSV" exports exactly the current filter.
import { useEffect, useState } from 'preact/hooks';
import { api, queryString } from '../api.js';
import type { PageProps } from '../app.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Badge, Card, EmptyState, ErrorNotice, Field, Loading, PageHeader, Select } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { dateTime, METHOD_NAMES } from '../format.js';
import { Link, navigate } from '../router.js';
import type { Counts, LogEvent } from '../types.js';
import { EVENT_NAMES } from './event-names.js';

const FILTERS = ['since', 'until', 'outcome', 'method', 'event', 'person', 'memberId'] as const;
type Filter = Partial<Record<(typeof FILTERS)[number], string>>;

/** Dates from the form are whole UTC days: "until" includes its day. */
function apiQuery(f: Filter): Record<string, string | undefined> {
  const until = f.until ? new Date(Date.parse(`${f.until}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return { ...f, since: f.since ? `${f.since}T00:00:00Z` : undefined, until };
}

export function LogPage({ query }: PageProps) {
  const filter: Filter = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? undefined]).filter(([, v]) => v));
  const who = query.get('who');
  const key = JSON.stringify(filter);
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [more, setMore] = useState<string | null>(null);
  const page = useLoad(() => api<{ events: LogEvent[]; nextCursor: string | null }>('GET', '/logs', { query: { ...apiQuery(filter), limit: 50 } }), [key]);
  useEffect(() => { if (page.data) { setEvents(page.data.events); setMore(page.data.nextCursor); } }, [page.data]);
  const older = useAction(async () => {
    if (!more) return;
    const next = await api<{ events: LogEvent[]; nextCursor: string | null }>('GET', '/logs', { query: { ...apiQuery(filter), limit: 50, cursor: more } });
    setEvents([...events, ...next.events]);
    setMore(next.nextCursor);
  });
  const set = (next: Filter) => navigate(`/admin/log${queryString({ ...next, ...(next.memberId && who ? { who } : {}) })}`, true);
  const csv = `/api/v1/logs${queryString({ ...apiQuery(filter), format: 'csv' })}`;
  return (
    <>
      <PageHeader title="Provisioning log" description="Who arrived how, what changed, and who was refused and why. The IdPs do not log what they send: this is where to look."
        actions={<a class="btn" href={csv} download="provisioning-log.csv"><Icon name="download" /> Download CSV</a>} />
      <Card>
        <LogFilters filter={filter} onChange={set} />
        {filter.memberId ? (
          <p class="chip-row">History of <strong>{who ?? filter.memberId}</strong> <button type="button" class="btn small ghost" onClick={() => set({ ...filter, memberId: undefined })}>Show everyone</button></p>
        ) : null}
        {page.loading && !page.data ? <Loading label="Loading the log" /> : null}
        <ErrorNotice error={page.error ?? older.error} />
        {page.data && events.length === 0 ? <EmptyState title="No events match">Widen the time range or clear a filter.</EmptyState> : null}
        {events.length ? (
          <table aria-label="Provisioning events" class="log-table">
            <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Person</th><th scope="col">Outcome</th><th scope="col">Via</th><th scope="col" class="details">Details</th></tr></thead>
            <tbody>{events.map((e) => <EventRow key={e.id} e={e} />)}</tbody>
          </table>
        ) : null}
        {more ? <div class="pager"><button type="button" class="btn" disabled={older.busy} onClick={() => { void older.run(); }}>Load older events</button></div> : null}
      </Card>
    </>
  );
}

function LogFilters({ filter, onChange }: { filter: Filter; onChange: (f: Filter) => void }) {
  const [person, setPerson] = useState(filter.person ?? '');
  useEffect(() => setPerson(filter.person ?? ''), [filter.person]);
  const field = (k: keyof Filter) => (e: Event) => onChange({ ...filter, [k]: (e.currentTarget as HTMLInputElement).value || undefined });
  return (
    <form class="filters" role="search" aria-label="Filter the log" onSubmit={(e) => { e.preventDefault(); onChange({ ...filter, person: person.trim() || undefined }); }}>
      <Field label="From" id="log-since">{() => <input id="log-since" type="date" value={filter.since ?? ''} onChange={field('since')} />}</Field>
      <Field label="To" id="log-until">{() => <input id="log-until" type="date" value={filter.until ?? ''} onChange={field('until')} />}</Field>
      <Field label="Outcome" id="log-outcome">
        {() => <Select id="log-outcome" value={filter.outcome ?? ''} onChange={field('outcome')} options={[['', 'Any outcome'], ['success', 'Succeeded'], ['rejected', 'Refused']]} />}
      </Field>
      <Field label="Method" id="log-method">
        {() => <Select id="log-method" value={filter.method ?? ''} onChange={field('method')} options={[['', 'Any method'], ...Object.entries(METHOD_NAMES)]} />}
      </Field>
      <Field label="Event" id="log-event">
        {() => <Select id="log-event" value={filter.event ?? ''} onChange={field('event')} options={[['', 'Any event'], ...Object.entries(EVENT_NAMES)]} />}
      </Field>
      <Field label="Person" id="log-person">
        {() => <input id="log-person" type="search" placeholder="Email or user name" value={person} onInput={(e) => setPerson((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <div class="field"><span class="label-spacer" aria-hidden="true">&nbsp;</span><button type="submit" class="btn">Apply</button></div>
    </form>
  );
}

function EventRow({ e }: { e: LogEvent }) {
  const detail = (e.detail ?? {}) as { counts?: Counts };
  return (
    <tr class={e.outcome === 'rejected' ? 'rejected' : ''}>
      <td class="nowrap">{dateTime(e.occurredAt)}</td>
      <td>{EVENT_NAMES[e.event] ?? e.event}</td>
      <td>{e.memberId ? <Link href={`/log?memberId=${e.memberId}&who=${encodeURIComponent(e.subject ?? e.memberId)}`}>{e.subject ?? 'member'}</Link> : e.subject ?? '—'}</td>
      <td><Badge kind={e.outcome === 'rejected' ? 'danger' : 'success'}>{e.outcome === 'rejected' ? 'Refused' : 'OK'}</Badge></td>
      <td>{METHOD_NAMES[e.method] ?? e.method}{e.actor.label ? <span class="muted small block">{e.actor.label}</span> : null}</td>
      <td class="details">
        {e.reason ? <span class="block">{e.reason}</span> : null}
        {detail.counts ? <span class="muted small block">At that moment: {Object.entries(detail.counts).reverse().map(([t, c]) => `${t} ${c.claimed} of ${c.purchased} claimed`).join(', ')}</span> : null}
        {e.tier ? <span class="muted small block">Tier: {e.tier}</span> : null}
      </td>
    </tr>
  );
}
