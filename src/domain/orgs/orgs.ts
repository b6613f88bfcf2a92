// Organizations: creation with their domains, seat pools and (optionally) the primary owner,
// all in one transaction; look-ups by slug or id.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { Organization, Member, Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { InvalidInput, OrgNotFound, OrgSlugTaken, type SeatCounts } from '../errors.js';
import { addSeats, claimNewMember, seatCounts } from '../seats/allocator.js';
import { isTier, tiersByPriority } from '../seats/tiers.js';
import { checkNewMember } from '../members/new-member.js';
import { isUuid } from '../ids.js';
import { checkSlug, slugify } from './slug.js';
import { normalizeDomain } from './domains.js';
import { emailDomain } from '../members/email.js';

export interface NewOrgInput {
  name: string;
  slug?: string;
  domains: string[];
  /** Seats to start with per tier key; a tier left out starts with none. */
  seats: Partial<Record<Tier, number>>;
  primaryOwnerEmail?: string;
}

export interface CreatedOrg { org: Organization; seats: SeatCounts; domains: string[]; primaryOwner: Member | null }

export async function createOrg(db: Executor, input: NewOrgInput, ctx: ActionContext): Promise<CreatedOrg> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new InvalidInput('name', 'is required, at most 200 characters');
  const slug = checkSlug(input.slug ?? slugify(name));
  const domains = [...new Set(input.domains.map(normalizeDomain))];
  if (domains.length === 0) throw new InvalidInput('domain', 'at least one domain is required');
  for (const [tier, n] of Object.entries(input.seats)) {
    if (!isTier(tier)) throw new InvalidInput('seats', `names the tier "${tier}"; the tiers are ${tiersByPriority().join(', ')}`);
    if (!Number.isInteger(n) || n! < 0 || n! > 1_000_000) throw new InvalidInput(tier, 'must be a whole number from 0 to 1000000');
  }
  if (input.primaryOwnerEmail && !domains.includes(emailDomain(input.primaryOwnerEmail))) {
    throw new InvalidInput('primary-owner', `${input.primaryOwnerEmail} is not on one of the organization's domains (${domains.join(', ')})`);
  }
  return inTransaction(db, async (tx) => {
    if (await tx.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst()) throw new OrgSlugTaken(slug);
    const now = ctx.clock.now();
    const org = await tx.insertInto('organizations').values({ name, slug, created_at: now }).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('org_domains').values(domains.map((domain) => ({ org_id: org.id, domain, verified_at: now, created_at: now }))).execute();
    await tx.insertInto('seat_pools').values(tiersByPriority().map((tier) => ({ org_id: org.id, tier, purchased: 0 }))).execute();
    for (const tier of tiersByPriority()) {
      const n = input.seats[tier] ?? 0;
      if (n > 0) await addSeats(tx, org.id, tier, n, ctx);
    }
    const primaryOwner = input.primaryOwnerEmail
      ? await claimNewMember(tx, checkNewMember({ orgId: org.id, userName: input.primaryOwnerEmail, email: input.primaryOwnerEmail, role: 'primary_owner' }), ctx)
      : null;
    return { org, seats: await seatCounts(tx, org.id), domains, primaryOwner };
  }, { slug, domain: domains.join(', ') });
}

export async function getOrgBySlug(db: Executor, slug: string): Promise<Organization> {
  const org = await db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!org) throw new OrgNotFound(`with slug "${slug}"`);
  return org;
}

export async function getOrg(db: Executor, id: string): Promise<Organization> {
  const org = isUuid(id) ? await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!org) throw new OrgNotFound(id);
  return org;
}

export interface OrgSummary { id: string; slug: string; name: string; createdAt: string; seats: SeatCounts; members: number }

export async function listOrgs(db: Executor): Promise<OrgSummary[]> {
  const orgs = await db.selectFrom('organizations').selectAll().orderBy('slug').execute();
  const pools = await db.selectFrom('seat_pools').select(['org_id', 'tier', 'purchased', 'claimed']).execute();
  const counts = await db.selectFrom('members').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '<>', 'deprovisioned').groupBy('org_id').execute();
  return orgs.map((org) => {
    const seats: SeatCounts = Object.fromEntries(tiersByPriority().map((t) => [t, { purchased: 0, claimed: 0 }]));
    for (const p of pools.filter((p) => p.org_id === org.id)) seats[p.tier] = { purchased: p.purchased, claimed: p.claimed };
    return {
      id: org.id, slug: org.slug, name: org.name, createdAt: org.created_at.toISOString(), seats,
      members: Number(counts.find((c) => c.org_id === org.id)?.n ?? 0),
    };
  });
}
