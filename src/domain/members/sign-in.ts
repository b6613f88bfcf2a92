// What happens after an IdP has vouched for a person (SAML or OIDC, already validated at the
// edge). The identity is (connection, subject), never the email alone. In order:
//   1. the email must be on one of the org's verified domains;
//   2. a known identity signs its member in, unless that member was suspended or removed
//      (a sticky removal: nobody is recreated behind an admin's or SCIM's back);
//   3. an unknown identity links to an existing active member with that email only when the IdP
//      verified the email; otherwise, with JIT enabled, `provision` creates the member with the
//      best seat and the identity row in the same transaction (a JIT arrival).
// Every outcome is in the provisioning log with the connection as actor; refusals are written by
// the one refusal writer (refusals.ts), once — a lost race between two first sign-ins of one
// person is retried and is no refusal.
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { Member } from '../../db/schema.js';
import type { ActionContext, Actor } from '../context.js';
import type { Clock } from '../clock.js';
import { recordEvent } from '../log/provisioning-log.js';
import { DomainError, EmailDomainNotVerified, EmailNotVerified, JitDisabled, SignInRefused, SsoIdentityConflict, UserNameTaken } from '../errors.js';
import { provision } from './provision.js';
import { linkIdentity } from './arrival-steps.js';
import { recordRefusal } from './refusals.js';
import type { SsoIdentity } from './sso-identity.js';
import { emailDomain, normalizeEmail } from './email.js';
import { verifiedDomains } from '../orgs/domains.js';
import { getOrg } from '../orgs/orgs.js';

export type { SsoIdentity } from './sso-identity.js';

export interface SignedIn { member: Member; created: boolean }

export interface SignInOptions { clock: Clock; requestId?: string | null }

export async function signIn(db: Executor, who: SsoIdentity, opts: SignInOptions): Promise<SignedIn> {
  const ctx = contextFor(who, opts);
  try {
    return await attempt(db, who, ctx);
  } catch (err) {
    // Two first sign-ins of one person raced: the loser finds the winner's identity on retry.
    if (!isRace(err)) throw err;
    try {
      return await attempt(db, who, ctx);
    } catch (again) {
      if (isRace(again)) await recordRefusal(db, jitRefusal(who), ctx, again);
      throw again;
    }
  }
}

function isRace(err: unknown): err is DomainError {
  return err instanceof UserNameTaken || (err instanceof SsoIdentityConflict && err.race);
}

async function attempt(db: Executor, who: SsoIdentity, ctx: ActionContext): Promise<SignedIn> {
  const email = safeEmail(who.email);
  if (!email || !(await verifiedDomains(db, who.orgId)).includes(emailDomain(email))) {
    return refuse(db, who, ctx, new EmailDomainNotVerified(who.email));
  }
  const linked = await db.selectFrom('member_sso_identities').innerJoin('members', 'members.id', 'member_sso_identities.member_id')
    .selectAll('members').where('member_sso_identities.connection_id', '=', who.connection.id)
    .where('member_sso_identities.subject', '=', who.subject).executeTakeFirst();
  if (linked) return signInMember(db, who, ctx, linked);
  if (!who.emailVerified) return refuse(db, who, ctx, new EmailNotVerified(email));
  const byEmail = await membersWithEmail(db, who.orgId, email);
  const active = byEmail.find((m) => m.status === 'active');
  const removed = byEmail.find((m) => m.status !== 'active');
  if (active) return linkAndSignIn(db, who, ctx, active);
  if (removed) return refuse(db, who, ctx, new SignInRefused(removed.id, removed.status), removed.id);
  if (!(await getOrg(db, who.orgId)).jit_enabled) return refuse(db, who, ctx, new JitDisabled());
  const member = await provision(db, { path: 'jit', identity: { ...who, email }, groups: [] }, ctx);
  return { member, created: true };
}

async function signInMember(db: Executor, who: SsoIdentity, ctx: ActionContext, member: Member): Promise<SignedIn> {
  if (member.status !== 'active') return refuse(db, who, ctx, new SignInRefused(member.id, member.status), member.id);
  await recordEvent(db, ctx, { orgId: who.orgId, event: 'sso.signed_in', memberId: member.id, subject: member.user_name, tier: member.seat_tier });
  return { member, created: false };
}

async function linkAndSignIn(db: Executor, who: SsoIdentity, ctx: ActionContext, member: Member): Promise<SignedIn> {
  const other = await db.selectFrom('member_sso_identities').select('subject')
    .where('connection_id', '=', who.connection.id).where('member_id', '=', member.id).executeTakeFirst();
  // The same subject linked a moment ago (a concurrent first sign-in of this person won the race).
  if (other?.subject === who.subject) return signInMember(db, who, ctx, member);
  if (other) return refuse(db, who, ctx, new SsoIdentityConflict(member.email), member.id);
  await inTransaction(db, (tx) => linkIdentity(tx, who, member, ctx, { linked: true }));
  return { member, created: false };
}

async function refuse(db: Executor, who: SsoIdentity, ctx: ActionContext, err: DomainError, memberId?: string): Promise<never> {
  await recordRefusal(db, { ...jitRefusal(who), memberId: memberId ?? null }, ctx, err);
  throw err;
}

/** A refused sign-in before any seat was asked for: logged, never queued. */
function jitRefusal(who: SsoIdentity) {
  return { orgId: who.orgId, subject: who.email || who.subject, path: 'jit' as const, wanted: 'highest', payload: null, detail: { subject: who.subject } };
}

async function membersWithEmail(db: Executor, orgId: string, email: string): Promise<Member[]> {
  return db.selectFrom('members').selectAll().where('org_id', '=', orgId)
    .where((eb) => eb.or([
      eb(eb.fn('lower', ['email']), '=', email.toLowerCase()),
      eb(eb.fn('lower', ['user_name']), '=', email.toLowerCase()),
    ]))
    .orderBy('updated_at', 'desc').execute();
}

function contextFor(who: SsoIdentity, opts: SignInOptions): ActionContext {
  const actor: Actor = { type: 'sso_connection', id: who.connection.id, label: who.connection.label };
  return { method: 'jit', actor, clock: opts.clock, requestId: opts.requestId ?? null };
}

function safeEmail(raw: string): string | null {
  try { return normalizeEmail(raw); } catch { return null; }
}

/** Logs a sign-in the edge refused before any member was looked up (bad signature, wrong audience…). */
export async function recordSsoRejection(db: Executor, orgId: string, connection: { id: string; label: string }, err: DomainError & { detail?: string }, opts: SignInOptions): Promise<void> {
  const ctx = contextFor({ orgId, connection } as SsoIdentity, opts);
  await recordEvent(db, ctx, {
    orgId, event: 'sso.rejected', outcome: 'rejected', reason: err.message,
    detail: { code: err.code, ...(err.detail ? { detail: err.detail.slice(0, 500) } : {}) },
  });
}
