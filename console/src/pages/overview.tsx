// Overview: seats per tier (purchased / claimed / free), the contract's term and renewal, the
// seat alerts that hold now, people (members, pending invitations, pending seat requests), and
// what to do next when something is missing: no single sign-on yet ("Set up single sign-on"), no
// seat free ("Add seats"). One call: GET /api/v1/overview.
import type { PageProps } from '../app.js';
import { useLoad } from '../components/use-load.js';
import { Card, EmptyState, ErrorNotice, Facts, Loading, Notice, PageHeader } from '../components/ui.js';
import { date, isOwner, lastDay, plural } from '../format.js';
import { tierName, tiersLowFirst } from '../tiers.js';
import { loadOverview } from '../loaders.js';
import type { Overview, Tier } from '../types.js';
import { Link } from '../router.js';

/** "Standard seats are nearly all claimed", "No premium seat is free"… for any tier of the catalogue. */
function alertName(alert: string): string | undefined {
  if (alert === 'seats.rejecting') return 'People are being refused for lack of seats';
  const [tier, kind] = alert.split('.');
  if (!tier) return undefined;
  if (kind === 'threshold') return `${tierName(tier)} seats are nearly all claimed`;
  if (kind === 'exhausted') return `No ${tierName(tier).toLowerCase()} seat is free`;
  return undefined;
}

export function OverviewPage({ me }: PageProps) {
  const data = useLoad(loadOverview, []);
  return (
    <>
      <PageHeader title="Overview" description={`Seats, contract and set-up of ${me.org.name}.`} />
      {data.loading && !data.data ? <Loading /> : null}
      <ErrorNotice error={data.error} />
      {data.data ? <OverviewBody o={data.data} owner={isOwner(me.member.role)} /> : null}
    </>
  );
}

function OverviewBody({ o, owner }: { o: Overview; owner: boolean }) {
  const noneFree = Object.values(o.seats).every((p) => p.free <= 0);
  return (
    <>
      {o.setup.ssoConnections === 0 ? (
        <Card class="next-step">
          <EmptyState title="Single sign-on is not set up yet" action={owner ? { label: 'Set up single sign-on', href: '/identity' } : undefined}>
            Connect Okta, Entra ID or Google so that people sign in with their work account and get a seat on their first sign-in.
            {owner ? '' : ' Single sign-on is set up by an Owner of the organization.'}
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
        {tiersLowFirst().map(({ key: t }) => <SeatCard key={t} tier={t} pool={o.seats[t] ?? { purchased: 0, claimed: 0, free: 0 }} />)}
      </div>
      <div class="grid cols-3">
        <Card title="Contract" id="contract">
          {o.contract ? (
            <Facts items={[
              ['Term', `${date(o.contract.termStart)} – ${lastDay(o.contract.termEnd)}`],
              [o.contract.renewalDate ? 'Renews on' : 'Ends on', o.contract.renewalDate ? date(o.contract.renewalDate) : lastDay(o.contract.termEnd)],
              ['Auto-renew', o.contract.autoRenew ? 'On' : 'Off'],
            ]} />
          ) : <p>No contract is set for this organization yet. The operator sets it with <code>seatgate contract set</code>.</p>}
        </Card>
        <Card title="People" id="people">
          <Facts items={[
            ['Active members', <Link href="/members">{o.members.active}</Link>],
            ['Suspended', String(o.members.suspended)],
            ['Pending invitations', String(o.invitations.pending)],
            ['Seat requests', o.seatRequests ? (o.seatRequests.pending === 0 ? 'none pending' : `${plural(o.seatRequests.pending, 'pending request')}`) : 'none pending'],
          ]} />
        </Card>
        <Card title="Alerts" id="alerts">
          {o.alerts.length === 0 ? <p class="muted">No seat alert holds right now.</p> : (
            <ul class="plain">
              {o.alerts.map((a) => (
                <li key={a.alert}>
                  <Notice kind="warning" title={alertName(a.alert) ?? a.alert}>
                    {a.alert === 'seats.rejecting' ? <>No seat was free for them: see the <Link href="/log?outcome=rejected">refusals</Link>.</> : sentence(a.message)}
                  </Notice>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function SeatCard({ tier, pool }: { tier: Tier; pool: { purchased: number; claimed: number; free: number } }) {
  const id = `seats-${tier}`;
  return (
    <Card title={`${tierName(tier)} seats`} id={id}>
      <div class="stat-row">
        <div class="stat"><span class="stat-value">{pool.purchased}</span><span class="stat-label">purchased</span></div>
        <div class="stat"><span class="stat-value">{pool.claimed}</span><span class="stat-label">claimed</span></div>
        <div class="stat"><span class={`stat-value ${pool.free <= 0 && pool.purchased > 0 ? 'danger' : ''}`}>{pool.free}</span><span class="stat-label">free</span></div>
      </div>
      <meter min={0} max={Math.max(pool.purchased, 1)} value={pool.claimed} high={Math.max(pool.purchased, 1) * 0.9} optimum={0}
        aria-label={`${tierName(tier)} seats claimed: ${pool.claimed} of ${pool.purchased}`} />
    </Card>
  );
}
