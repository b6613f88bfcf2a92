// What a real SSO sign-in of this identity would do now, read without changing anything: the
// answer a test sign-in shows an Owner. It asks the questions `signIn` (sign-in.ts) asks, in the
// same order — verified domain, known identity, vouched email, member by email, removed member,
// JIT switch, a free seat — and names the outcome; a test holds it to signIn's real outcomes.
import type { Member, Tier } from '../../db/schema.js';
import type { Executor } from '../storage/transaction.js';
import { DomainError, EmailDomainNotVerified, EmailNotVerified, JitDisabled, SignInRefused, SsoIdentityConflict } from '../errors.js';
import { assertAcceptsArrivals } from '../billing/contracts.js';
import { bestTierWithRoom, seatCounts } from '../seats/allocator.js';
import { verifiedDomains } from '../orgs/domains.js';
import { getOrg } from '../orgs/orgs.js';
import { emailDomain, normalizeEmail } from './email.js';
import type { SsoIdentity } from './sso-identity.js';

export type SignInPreview =
  /** The identity is linked to this active member: they would be signed in. */
  | { outcome: 'signs_in'; member: Member }
  /** First sign-in through this connection of an existing active member: linked, then signed in. */
  | { outcome: 'links'; member: Member }
  /** Nobody has this email yet: created at first sign-in (JIT) with a seat of this tier. */
  | { outcome: 'creates'; tier: Tier }
  | { outcome: 'refused'; error: DomainError; member: Member | null };

export async function previewSignIn(db: Executor, who: SsoIdentity, now: Date): Promise<SignInPreview> {
  const refused = (error: DomainError, member: Member | null = null): SignInPreview => ({ outcome: 'refused', error, member });
  let email: string;
  try { email = normalizeEmail(who.email); } catch { return refused(new EmailDomainNotVerified(who.email)); }
  if (!(await verifiedDomains(db, who.orgId)).includes(emailDomain(email))) return refused(new EmailDomainNotVerified(who.email));
  const linked = await db.selectFrom('member_sso_identities').innerJoin('members', 'members.id', 'member_sso_identities.member_id')
    .selectAll('members').where('member_sso_identities.connection_id', '=', who.connection.id)
    .where('member_sso_identities.subject', '=', who.subject).executeTakeFirst();
  if (linked) return linked.status === 'active' ? { outcome: 'signs_in', member: linked } : refused(new SignInRefused(linked.id, linked.status), linked);
  if (!who.emailVerified) return refused(new EmailNotVerified(email));
  const byEmail = await db.selectFrom('members').selectAll().where('org_id', '=', who.orgId)
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', email.toLowerCase()), eb(eb.fn('lower', ['user_name']), '=', email.toLowerCase())]))
    .orderBy('updated_at', 'desc').execute();
  const active = byEmail.find((m) => m.status === 'active');
  const removed = byEmail.find((m) => m.status !== 'active');
  if (active) {
    const other = await db.selectFrom('member_sso_identities').select('subject')
      .where('connection_id', '=', who.connection.id).where('member_id', '=', active.id).executeTakeFirst();
    return other ? refused(new SsoIdentityConflict(active.email), active) : { outcome: 'links', member: active };
  }
  if (removed) return refused(new SignInRefused(removed.id, removed.status), removed);
  if (!(await getOrg(db, who.orgId)).jit_enabled) return refused(new JitDisabled());
  try {
    await assertAcceptsArrivals(db, who.orgId, now);
    return { outcome: 'creates', tier: bestTierWithRoom(await seatCounts(db, who.orgId)) };
  } catch (err) {
    if (err instanceof DomainError) return refused(err);
    throw err;
  }
}
