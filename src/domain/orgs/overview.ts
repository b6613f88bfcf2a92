// The console's first screen in one read: seats per tier, the contract's term and renewal, the
// seat alerts that hold right now (computed from the counts, not waiting for the alert job),
// members and pending invitations, the seat requests waiting for a seat, and how far set-up has
// come (domains, SSO, SCIM).
import { sql } from 'kysely';
import type { AlertKey, Tier } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import { describeAlert } from '../alerts/alert-message.js';
import { DEFAULT_THRESHOLD_PERCENT, holdingAlerts, REJECTION_WINDOW_MS } from '../alerts/conditions.js';
import { ContractNotFound } from '../errors.js';
import { getCurrentContract } from '../billing/contracts.js';
import { seatCounts } from '../seats/allocator.js';
import { getOrg } from './orgs.js';
import { verifiedDomains } from './domains.js';

interface Pool { purchased: number; claimed: number; free: number }

export interface OrgOverview {
  org: { id: string; slug: string; name: string };
  /** Every catalogue tier, best first. */
  seats: Record<Tier, Pool>;
  contract: { status: string; termStart: string; termEnd: string; autoRenew: boolean; renewalDate: string | null } | null;
  alerts: Array<{ alert: AlertKey; message: string }>;
  seatRequests: { pending: number };
  members: { active: number; suspended: number };
  invitations: { pending: number };
  setup: { verifiedDomains: string[]; ssoConnections: number; scimTokens: number };
}

export async function orgOverview(db: Executor, orgId: string, now: Date): Promise<OrgOverview> {
  const org = await getOrg(db, orgId);
  const counts = await seatCounts(db, orgId);
  const contract = await getCurrentContract(db, orgId).catch((err) => { if (err instanceof ContractNotFound) return null; throw err; });
  const settings = await db.selectFrom('alert_settings').select('threshold_percent').where('org_id', '=', orgId).executeTakeFirst();
  const threshold = settings?.threshold_percent ?? DEFAULT_THRESHOLD_PERCENT;
  const rejected = await db.selectFrom('provisioning_events').select((eb) => eb.fn.max('occurred_at').as('last'))
    .where('org_id', '=', orgId).where('event', '=', 'seat.rejected').where('occurred_at', '>', new Date(now.getTime() - REJECTION_WINDOW_MS))
    .executeTakeFirst();
  const holding = holdingAlerts(counts, threshold, rejected?.last ? new Date(rejected.last as Date) : null, now);
  const members = await db.selectFrom('members').select(['status', sql<number>`count(*)::int`.as('n')])
    .where('org_id', '=', orgId).where('status', '<>', 'deprovisioned').groupBy('status').execute();
  const count = async (table: 'sso_connections' | 'scim_tokens' | 'invitations' | 'seat_requests', where: (q: any) => any) =>
    (await where(db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).where('org_id', '=', orgId)).executeTakeFirstOrThrow()).n as number;

  return {
    org: { id: org.id, slug: org.slug, name: org.name },
    seats: Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, { ...c, free: c.purchased - c.claimed }])),
    contract: contract && {
      status: contract.status, termStart: contract.termStart, termEnd: contract.termEnd, autoRenew: contract.autoRenew,
      renewalDate: contract.autoRenew && contract.status === 'active' ? contract.termEnd : null,
    },
    alerts: [...holding].sort().map((alert) => ({ alert, message: describeAlert(alert, counts, threshold) })),
    seatRequests: { pending: await count('seat_requests', (q) => q.where('status', '=', 'queued')) },
    members: { active: members.find((m) => m.status === 'active')?.n ?? 0, suspended: members.find((m) => m.status === 'suspended')?.n ?? 0 },
    invitations: { pending: await count('invitations', (q) => q.where('status', '=', 'pending').where('expires_at', '>', now)) },
    setup: {
      verifiedDomains: await verifiedDomains(db, orgId),
      ssoConnections: await count('sso_connections', (q) => q.where('enabled', '=', true)),
      scimTokens: await count('scim_tokens', (q) => q.where('revoked_at', 'is', null)),
    },
  };
}
