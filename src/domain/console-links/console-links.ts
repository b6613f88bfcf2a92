// Console sign-in links: how an operator lets the first Owner of an organization into the admin
// console before single sign-on works. A link is for one active Owner (or the Primary owner),
// valid for 15 minutes, usable once: using it locks its row, checks it is unused and unexpired and
// its member still an active Owner, starts a session and marks the link used, all in one
// transaction — two uses at once give one session and one refusal. Both the creation and the use
// are in the provisioning log.
import { randomUUID } from 'node:crypto';
import type { Member, Organization, Role } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import type { Clock } from '../clock.js';
import { recordEvent } from '../log/provisioning-log.js';
import { normalizeEmail } from '../members/email.js';
import { getOrg, getOrgBySlug } from '../orgs/orgs.js';
import { createSession, type SessionPolicy, type StartedSession } from '../sessions/sessions.js';
import { sameHash } from '../access/secrets.js';
import { ConsoleLinkExpired, ConsoleLinkInvalid, ConsoleLinkRefused, ConsoleLinkUsed } from '../errors.js';
import { consoleLinkKey, issueConsoleLinkToken, readConsoleLinkToken } from './console-link-token.js';

export const CONSOLE_LINK_TTL_MS = 15 * 60_000;
/** Who may get a console link: the people who own the organization (see docs/roles.md). */
export const CONSOLE_LINK_ROLES: readonly Role[] = ['primary_owner', 'owner'];

export interface IssuedConsoleLink { token: string; expiresAt: Date; org: Organization; member: Member }

export async function createConsoleLink(db: Executor, input: { orgSlug: string; email: string }, ctx: ActionContext): Promise<IssuedConsoleLink> {
  const org = await getOrgBySlug(db, input.orgSlug);
  const email = normalizeEmail(input.email);
  const member = await memberByEmail(db, org.id, email);
  if (!member) throw new ConsoleLinkRefused(`${org.name} (${org.slug}) has no member ${email}. Console links are for its Owners: make ${email} one with \`seatgate owner add --org ${org.slug} --email ${email}\`, or have an Owner invite them.`);
  refuseUnlessOwner(member, org);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + CONSOLE_LINK_TTL_MS);
  const id = randomUUID();
  // The key is read before the transaction: PGlite has a single connection.
  const key = await consoleLinkKey(db, ctx.clock);
  const { token, secretHash } = await issueConsoleLinkToken(key, id, now, expiresAt);
  await inTransaction(db, async (tx) => {
    await tx.insertInto('console_links').values({
      id, org_id: org.id, member_id: member.id, secret_hash: secretHash, created_by: ctx.actor.label ?? ctx.actor.type, created_at: now, expires_at: expiresAt,
    }).execute();
    await recordEvent(tx, ctx, { orgId: org.id, event: 'console_link.created', memberId: member.id, subject: member.email, detail: { linkId: id, expiresAt: expiresAt.toISOString() } });
  });
  return { token, expiresAt, org, member };
}

export interface OpenedConsoleLink { linkId: string; expiresAt: Date; org: Organization; member: Member }

/** What a link would sign in as, or why it cannot be used. Writes nothing (link scanners open links). */
export async function openConsoleLink(db: Executor, token: string, clock: Clock): Promise<OpenedConsoleLink> {
  const now = clock.now();
  const { linkId, secretHash } = await readConsoleLinkToken(await consoleLinkKey(db, clock), token, now);
  const link = await db.selectFrom('console_links').selectAll().where('id', '=', linkId).executeTakeFirst();
  const checked = await checkLink(db, link, secretHash, now);
  return { linkId, expiresAt: checked.link.expires_at, org: checked.org, member: checked.member };
}

export interface UsedConsoleLink { session: StartedSession; org: Organization; member: Member }

/** Uses a link once: a new session for its Owner, or a refusal that changes nothing. */
export async function useConsoleLink(db: Executor, token: string, policy: SessionPolicy, clock: Clock, requestId: string | null): Promise<UsedConsoleLink> {
  const now = clock.now();
  const { linkId, secretHash } = await readConsoleLinkToken(await consoleLinkKey(db, clock), token, now);
  return inTransaction(db, async (tx) => {
    const link = await tx.selectFrom('console_links').selectAll().where('id', '=', linkId).forUpdate().executeTakeFirst();
    const { org, member } = await checkLink(tx, link, secretHash, now);
    const session = await createSession(tx, org.id, member.id, 'console_link', policy, now);
    if (!session) throw new ConsoleLinkRefused(`The account of ${member.email} is no longer active.`);
    await tx.updateTable('console_links').set({ used_at: now, session_id: session.id }).where('id', '=', linkId).execute();
    const ctx: ActionContext = { method: 'admin', clock, requestId, actor: { type: 'console_link', id: linkId, label: `console link for ${member.email} (from ${link!.created_by})` } };
    await recordEvent(tx, ctx, { orgId: org.id, event: 'console_link.used', memberId: member.id, subject: member.email, detail: { linkId, sessionId: session.id } });
    return { session, org, member };
  });
}

async function checkLink(db: Executor, link: { org_id: string; member_id: string; secret_hash: Buffer; used_at: Date | null; expires_at: Date } | undefined, secretHash: Buffer, now: Date) {
  if (!link || !sameHash(link.secret_hash, secretHash)) throw new ConsoleLinkInvalid();
  if (link.used_at) throw new ConsoleLinkUsed();
  if (link.expires_at.getTime() <= now.getTime()) throw new ConsoleLinkExpired();
  const org = await getOrg(db, link.org_id);
  const member = await db.selectFrom('members').selectAll().where('id', '=', link.member_id).where('org_id', '=', link.org_id).executeTakeFirstOrThrow();
  refuseUnlessOwner(member, org);
  return { link, org, member };
}

function refuseUnlessOwner(member: Member, org: Organization): void {
  if (member.status !== 'active') throw new ConsoleLinkRefused(`${member.email} is ${member.status} in ${org.name}; only an active Owner can get a console link.`);
  if (!CONSOLE_LINK_ROLES.includes(member.role)) {
    throw new ConsoleLinkRefused(`${member.email} is ${member.role === 'admin' ? 'an Admin' : 'a Member'} of ${org.name}; console links are only for Owners. Admins sign in through single sign-on.`);
  }
}

async function memberByEmail(db: Executor, orgId: string, email: string): Promise<Member | undefined> {
  const rows = await db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('status', '<>', 'deprovisioned')
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', email.toLowerCase()), eb(eb.fn('lower', ['user_name']), '=', email.toLowerCase())]))
    .execute();
  return rows.find((m) => m.status === 'active') ?? rows[0];
}
