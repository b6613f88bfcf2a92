// Overview: seats per tier (purchased / claimed / free), the contract's term and renewal, pending
// seat requests, the seat alerts raised now, and what to do next when something is missing
// (no single sign-on yet, no seat free).
import { api, ApiError } from '../api.js';
import type { PageProps } from '../app.js';
import { useLoad } from '../components/use-load.js';
import { Card, EmptyState, ErrorNotice, Facts, Loading, Notice, PageHeader } from '../components/ui.js';
import { date, dateTime, isOwner, lastDay, plural, TIER_NAMES } from '../format.js';
import { loadOverview } from '../loaders.js';
import type { Overview, SsoConnection, Tier } from '../types.js';
import { Link } from '../router.js';

const ALERT_NAMES: Record<string, string> = {
  'standard.threshold': 'Standard seats are nearly all claimed', 'premium.threshold': 'Premium seats are nearly all claimed',
  'standard.exhausted': 'No standard seat is free', 'premium.exhausted': 'No premium seat is free', 'seats.rejecting': 'People are being refused for lack of seats',
};

export function OverviewPage({ me }: PageProps) {
  const owner = isOwner(me.member.role);
  const data = useLoad(async () => {
    const [overview, sso] = await Promise.all([
      loadOverview(me.member.role),
      owner ? api<{ connections: SsoConnection[] }>('GET', '/sso-connections').catch((e) => (e instanceof ApiError && e.status === 403 ? null : Promise.reject(e))) : Promise.resolve(null),
    ]);
    return { overview, sso };
  }, [me.member.role]);
  return (
    <>
      <PageHeader title="Overview" description={`Seats, contract and alerts of ${me.org.name}.`} />
      {data.loading && !data.data ? <Loading /> : null}
      <ErrorNotice error={data.error} />
      {data.data ? <OverviewBody o={data.data.overview} sso={data.data.sso} owner={owner} /> : null}
    </>
  );
}

function OverviewBody({ o, sso, owner }: { o: Overview; sso: { connections: SsoConnection[] } | null; owner: boolean }) {
  const noneFree = (['premium', 'standard'] as Tier[]).every((t) => o.seats[t].free <= 0);
  return (
    <>
      {sso && sso.connections.length === 0 ? (
        <Card class="next-step">
          <EmptyState title="Single sign-on is not set up yet" action={{ label: 'Set up single sign-on', href: '/identity' }}>
            Connect Okta, Entra ID or Google so that people sign in with their work account and get a seat on their first sign-in.
          </EmptyState>
        </Card>
      ) : null}
      {noneFree ? (
        <Card class="next-step">
          <EmptyState title="No seats are free" action={owner ? { label: 'Add seats', href: '/seats' } : undefined}>
            New people are refused until a seat is freed or added.{owner ? '' : ' Ask an Owner to add seats.'} Refusals are listed in the <Link href="/log?outcome=rejected">provisioning log</Link>.
          </EmptyState>
        </Card>
      ) : null}
      <div class="grid cols-2">
        {(['standard', 'premium'] as Tier[]).map((t) => <SeatCard key={t} tier={t} pool={o.seats[t]} />)}
      </div>
      <div class="grid cols-2">
        <Card title="Contract" id="contract">
          {o.contract ? (
            <Facts items={[
              ['Term', `${date(o.contract.termStart)} – ${lastDay(o.contract.termEnd)}`],
              [o.contract.autoRenew ? 'Renews on' : 'Ends on', date(o.contract.autoRenew ? (o.contract.renewalDate ?? o.contract.termEnd) : o.contract.termEnd)],
              ['Auto-renew', o.contract.autoRenew ? 'On' : 'Off'],
              ['Currency', o.contract.currency],
            ]} />
          ) : <p>No contract is set for this organization yet. The operator sets it with <code>seatgate contract set</code>.</p>}
        </Card>
        <Card title="Alerts" id="alerts">
          {o.alerts.length === 0 ? <p class="muted">No seat alert is raised right now.</p> : (
            <ul class="plain">
              {o.alerts.map((a) => <li key={a.alert}><Notice kind="warning" title={ALERT_NAMES[a.alert] ?? a.alert}>Raised {dateTime(a.raisedAt)}</Notice></li>)}
            </ul>
          )}
          {o.seatRequests ? <p>{o.seatRequests.pending === 0 ? 'No pending seat requests.' : `${plural(o.seatRequests.pending, 'pending seat request')}.`}</p> : null}
        </Card>
      </div>
    </>
  );
}

function SeatCard({ tier, pool }: { tier: Tier; pool: { purchased: number; claimed: number; free: number } }) {
  const id = `seats-${tier}`;
  return (
    <Card title={`${TIER_NAMES[tier]} seats`} id={id}>
      <div class="stat-row">
        <div class="stat"><span class="stat-value">{pool.purchased}</span><span class="stat-label">purchased</span></div>
        <div class="stat"><span class="stat-value">{pool.claimed}</span><span class="stat-label">claimed</span></div>
        <div class="stat"><span class={`stat-value ${pool.free <= 0 && pool.purchased > 0 ? 'danger' : ''}`}>{pool.free}</span><span class="stat-label">free</span></div>
      </div>
      <meter min={0} max={Math.max(pool.purchased, 1)} value={pool.claimed} high={Math.max(pool.purchased, 1) * 0.9} optimum={0}
        aria-label={`${TIER_NAMES[tier]} seats claimed: ${pool.claimed} of ${pool.purchased}`} />
    </Card>
  );
}
