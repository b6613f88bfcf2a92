// Over the 300-line budget on purpose: the closed catalogue of codes reads best in one file.
// Every failure the domain can report: one base class, one subclass per fact, a stable `code`
// and structured fields. They say what happened, never which HTTP status it becomes; the edges
// map codes to responses in one table (src/web/error-table.ts). Failures of the machinery under
// the domain (database away, data directory held, migrations) are src/db/errors.ts.
import type { Tier } from '../db/schema.js';
import { CodedError } from '../errors/coded-error.js';
import { INFRASTRUCTURE_ERROR_CODES, InfrastructureError, type InfrastructureCode } from '../db/errors.js';

export type SeatCounts = Record<Tier, { purchased: number; claimed: number }>;

/** A fact of the domain: one of DomainCode or SsoRejectionCode (below). */
export abstract class DomainError extends CodedError<DomainCode | SsoRejectionCode> {
  /** Set by the one refusal writer (src/domain/members/refusals.ts) once this refusal is in the log. */
  recorded = false;
}

export class NoSeatsAvailable extends DomainError {
  readonly code = 'SEATS_EXHAUSTED';
  constructor(readonly counts: SeatCounts, readonly tier?: Tier) {
    super(tier
      ? `No ${tier} seat is available (${describeCounts(counts)}). An Owner can add seats or free one.`
      : `No seats are available (${describeCounts(counts)}). An Owner can add seats or free one.`);
  }
}

/** The counts of every tier, best first (the order the allocator tries them in). */
export function describeCounts(counts: SeatCounts): string {
  return Object.entries(counts).map(([t, c]) => `${t}: ${c.claimed} of ${c.purchased} claimed`).join(', ');
}

/** The database holds seats, members or prices of a tier the catalogue (config/tiers.json) no longer names. */
export class TierNotInCatalogue extends DomainError {
  readonly code = 'TIER_NOT_IN_CATALOGUE';
  override readonly expose = false;
  constructor(readonly tiers: readonly string[], readonly where: string) {
    super(`The database has ${where} of the tier(s) ${tiers.map((t) => `"${t}"`).join(', ')}, which the tier catalogue does not name. ` +
      'Put them back into TIERS_FILE (a tier in use cannot be removed; see docs/operations.md, "Tier catalogue").');
  }
}

export class OrgNotFound extends DomainError {
  readonly code = 'ORG_NOT_FOUND';
  constructor(readonly ref: string) { super(`No organization ${ref}.`); }
}

export class OrgSlugTaken extends DomainError {
  readonly code = 'ORG_SLUG_TAKEN';
  constructor(readonly slug: string) { super(`The slug "${slug}" is already used by another organization.`); }
}

export class DomainAlreadyClaimed extends DomainError {
  readonly code = 'DOMAIN_ALREADY_CLAIMED';
  constructor(readonly domain: string) { super(`The domain ${domain} is already verified by another organization.`); }
}

export class MemberNotFound extends DomainError {
  readonly code = 'MEMBER_NOT_FOUND';
  constructor(readonly memberId: string) { super(`No member ${memberId} in this organization.`); }
}

export class UserNameTaken extends DomainError {
  readonly code = 'USERNAME_TAKEN';
  constructor(readonly userName: string) { super(`A member with userName "${userName}" already exists in this organization.`); }
}

export class MemberNotActive extends DomainError {
  readonly code = 'MEMBER_NOT_ACTIVE';
  constructor(readonly memberId: string, readonly status: string) { super(`Member ${memberId} is ${status}.`); }
}

export class GroupNotFound extends DomainError {
  readonly code = 'GROUP_NOT_FOUND';
  constructor(readonly groupId: string) { super(`No group ${groupId} in this organization.`); }
}

export class GroupNameTaken extends DomainError {
  readonly code = 'GROUP_NAME_TAKEN';
  constructor(readonly displayName: string) { super(`A group named "${displayName}" already exists in this organization.`); }
}

export class GroupMemberUnknown extends DomainError {
  readonly code = 'GROUP_MEMBER_UNKNOWN';
  constructor(readonly memberIds: string[]) {
    super(`No member ${memberIds.slice(0, 3).join(', ')}${memberIds.length > 3 ? ` (and ${memberIds.length - 3} more)` : ''} in this organization; provision the user before adding them to a group.`);
  }
}

export class ScimTokenNotFound extends DomainError {
  readonly code = 'SCIM_TOKEN_NOT_FOUND';
  constructor(readonly tokenId: string) { super(`No SCIM token ${tokenId} in this organization.`); }
}

export class PrimaryOwnerRequired extends DomainError {
  readonly code = 'PRIMARY_OWNER_REQUIRED';
  constructor() { super('An organization keeps exactly one primary owner: transfer the role before removing or demoting them.'); }
}

export class SeatsNeverShrink extends DomainError {
  readonly code = 'SEATS_NEVER_SHRINK';
  constructor() { super('Seats are never removed from the allocation.'); }
}

export class InvalidInput extends DomainError {
  readonly code = 'INVALID_INPUT';
  constructor(readonly field: string, readonly reason: string) { super(`${field}: ${reason}`); }
}

export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason = 'Missing or invalid credentials.') { super(reason); }
}

export class RoleForbidden extends DomainError {
  readonly code = 'ROLE_FORBIDDEN';
  constructor(readonly role: string, readonly permission: string) {
    super(`Your role (${role}) does not allow ${permission}.`);
  }
}

// Billing: contracts, seat changes, invoices (src/domain/billing).

export class ContractNotFound extends DomainError {
  readonly code = 'CONTRACT_NOT_FOUND';
  constructor(readonly orgId: string) { super('This organization has no contract yet. An operator sets one with `seatgate contract set`.'); }
}

export class ContractExpired extends DomainError {
  readonly code = 'CONTRACT_EXPIRED';
  constructor(readonly orgId: string, readonly termEnd: string) {
    super(`The organization's contract ended on ${termEnd} and was not renewed: no new members or seats until a new contract is set. Existing members keep access.`);
  }
}

export class ContractRenewalPending extends DomainError {
  readonly code = 'CONTRACT_RENEWAL_PENDING';
  constructor(readonly termEnd: string) {
    super(`The contract term ended on ${termEnd} and its renewal has not been processed yet; retry once the renewal job has run.`);
  }
}

export class ContractLocked extends DomainError {
  readonly code = 'CONTRACT_LOCKED';
  constructor(readonly contractId: string) {
    super('This contract already has invoices: only its auto-renew flag can change until the term ends.');
  }
}

export class IdempotencyKeyReused extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`The idempotency key "${key}" was already used for a different seat change. Use a new key for a new change.`);
  }
}

export class UpgradeNeedsMembers extends DomainError {
  readonly code = 'UPGRADE_NEEDS_MEMBERS';
  constructor(readonly upgrade: number, readonly unclaimed: number, readonly named: number, readonly from: Tier, readonly to: Tier) {
    super(`Upgrading ${upgrade} ${from} seat(s) needs ${upgrade - unclaimed} member(s) named to move to ${to}: ` +
      `only ${unclaimed} ${from} seat(s) are unclaimed and ${named} member(s) were named.`);
  }
}

export class UpgradeExceedsStandardSeats extends DomainError {
  readonly code = 'UPGRADE_EXCEEDS_STANDARD_SEATS';
  /** `standardSeats`: the seats of the tier upgraded from (named so since the two-tier days). */
  constructor(readonly upgrade: number, readonly standardSeats: number, readonly from: Tier, readonly to: Tier) {
    super(`Cannot upgrade ${upgrade} ${from} seat(s): only ${standardSeats} ${from} seat(s) exist` +
      `${standardSeats ? `; upgrade at most ${standardSeats}` : ''}, or buy ${to} seats instead.`);
  }
}

export class InvoiceNotFound extends DomainError {
  readonly code = 'INVOICE_NOT_FOUND';
  constructor(readonly invoiceId: string) { super(`No invoice ${invoiceId} in this organization.`); }
}

export class DomainNotVerified extends DomainError {
  readonly code = 'DOMAIN_NOT_VERIFIED';
  constructor(readonly domain: string) {
    super(`${domain} is not a verified domain of this organization. Add and verify it first (DNS TXT challenge).`);
  }
}

export class DomainNotFound extends DomainError {
  readonly code = 'DOMAIN_NOT_FOUND';
  constructor(readonly domain: string) { super(`The organization has no domain ${domain}.`); }
}

export class DomainVerificationFailed extends DomainError {
  readonly code = 'DOMAIN_VERIFICATION_FAILED';
  constructor(readonly domain: string, readonly recordName: string, readonly found: string[], readonly lookupError?: string) {
    super(lookupError
      ? `The DNS look-up of ${recordName} failed (${lookupError}); try again later.`
      : `No TXT record at ${recordName} holds the expected value` +
        (found.length ? ` (found: ${found.slice(0, 5).join('; ')})` : ' (no TXT record found)') + '. DNS changes can take a while to appear.');
  }
}

export class InvitationNotFound extends DomainError {
  readonly code = 'INVITATION_NOT_FOUND';
  constructor(readonly invitationId: string) { super(`No invitation ${invitationId} in this organization.`); }
}

export class InvitationAlreadyPending extends DomainError {
  readonly code = 'INVITATION_ALREADY_PENDING';
  constructor(readonly email: string, readonly invitationId: string) {
    super(`${email} already has a pending invitation (${invitationId}); resend or revoke it instead.`);
  }
}

export class InvitationNotPending extends DomainError {
  readonly code = 'INVITATION_NOT_PENDING';
  constructor(readonly invitationId: string, readonly status: string) { super(`Invitation ${invitationId} is ${status}.`); }
}

export class InviteInvalid extends DomainError {
  readonly code = 'INVITE_INVALID';
  constructor() { super('This invitation link is not valid. Check that you copied the whole link from the email.'); }
}

export class InviteExpired extends DomainError {
  readonly code = 'INVITE_EXPIRED';
  constructor(readonly expiredAt: Date | null) {
    super('This invitation has expired. Ask an administrator of the organization to invite you again.');
  }
}

export class InviteRevoked extends DomainError {
  readonly code = 'INVITE_REVOKED';
  constructor(readonly replaced: boolean) {
    super(replaced
      ? 'This invitation link was replaced by a newer one. Use the link in the most recent invitation email.'
      : 'This invitation was withdrawn by an administrator of the organization.');
  }
}

export class InviteAlreadyAccepted extends DomainError {
  readonly code = 'INVITE_ALREADY_ACCEPTED';
  constructor() { super('This invitation has already been accepted.'); }
}

export class WebhookUrlRefused extends DomainError {
  readonly code = 'WEBHOOK_URL_REFUSED';
  constructor(readonly url: string, readonly reason: string) { super(`The webhook URL ${url} cannot be used: ${reason}.`); }
}

export class ProvisioningDisabled extends DomainError {
  readonly code = 'PROVISIONING_DISABLED';
  constructor(readonly method: string) { super(`This organization has turned off ${method} provisioning.`); }
}

/** Why a SAML response or an OIDC callback was refused: a closed set, asserted by tests. */
export const SSO_REJECTION_CODES = [
  'SAML_MALFORMED', 'SAML_SIGNATURE_MISSING', 'SAML_SIGNATURE_INVALID', 'SAML_MULTIPLE_ASSERTIONS',
  'SAML_ENCRYPTED_UNSUPPORTED', 'SAML_IN_RESPONSE_TO_UNKNOWN', 'SAML_IN_RESPONSE_TO_MISSING',
  'SAML_NOT_YET_VALID', 'SAML_EXPIRED', 'SAML_AUDIENCE_MISMATCH', 'SAML_ISSUER_MISMATCH',
  'SAML_DESTINATION_MISMATCH', 'SAML_RECIPIENT_MISMATCH', 'SAML_NO_SUBJECT_CONFIRMATION',
  'SAML_ASSERTION_REPLAYED', 'SAML_NAMEID_COMMENT', 'SAML_SUBJECT_MISSING', 'SAML_IDP_STATUS', 'SAML_REJECTED',
  'OIDC_STATE_UNKNOWN', 'OIDC_IDP_ERROR', 'OIDC_ISSUER_MISMATCH', 'OIDC_AUDIENCE_MISMATCH', 'OIDC_AZP_MISMATCH',
  'OIDC_TOKEN_EXPIRED', 'OIDC_IAT_INVALID', 'OIDC_NONCE_MISMATCH', 'OIDC_ALG_UNEXPECTED', 'OIDC_KEY_UNKNOWN',
  'OIDC_SIGNATURE_INVALID', 'OIDC_USERINFO_SUB_MISMATCH', 'OIDC_REJECTED', 'OIDC_IDP_UNREACHABLE',
  'SSO_EMAIL_MISSING',
  'OIDC_STATE_NOT_THIS_BROWSER', 'SAML_REQUEST_NOT_THIS_BROWSER', 'SAML_DECRYPTION_FAILED',
  // A NameID, attribute or claim holding a NUL or an unpaired surrogate (src/domain/text/storable-text.ts).
  'SAML_INVALID_TEXT', 'OIDC_INVALID_TEXT',
] as const;
export type SsoRejectionCode = (typeof SSO_REJECTION_CODES)[number];

export class SsoRejected extends DomainError {
  constructor(readonly code: SsoRejectionCode, message: string, readonly detail?: string) { super(message); }
}

export class SsoConnectionNotFound extends DomainError {
  readonly code = 'SSO_CONNECTION_NOT_FOUND';
  constructor(readonly ref: string) { super(`No SSO connection ${ref}.`); }
}

export class NoSsoForDomain extends DomainError {
  readonly code = 'SSO_NOT_CONFIGURED';
  constructor(readonly domain: string) { super(`No organization signs in with single sign-on for ${domain}.`); }
}

export class EmailDomainNotVerified extends DomainError {
  readonly code = 'DOMAIN_NOT_VERIFIED';
  constructor(readonly email: string) { super(`${email} is not on one of the organization's verified domains.`); }
}

export class EmailNotVerified extends DomainError {
  readonly code = 'EMAIL_NOT_VERIFIED';
  constructor(readonly email: string) { super(`The identity provider does not vouch for ${email} (email_verified is not true).`); }
}

export class JitDisabled extends DomainError {
  readonly code = 'JIT_DISABLED';
  constructor() { super('This organization does not create accounts at first sign-in. Ask an Owner to invite you.'); }
}

export class SignInRefused extends DomainError {
  readonly code = 'MEMBER_REMOVED';
  constructor(readonly memberId: string, readonly status: string) {
    super(`Your account in this organization is ${status}. Ask an Owner to restore it.`);
  }
}

export class SsoIdentityConflict extends DomainError {
  readonly code = 'SSO_IDENTITY_CONFLICT';
  /** `race`: raised by the database when two first sign-ins of one person collided (retried once). */
  constructor(readonly email: string, readonly race = false) { super(`The member ${email} is already linked to another identity at this identity provider.`); }
}

export class UnsafeFetch extends DomainError {
  readonly code = 'SSO_FETCH_REFUSED';
  constructor(readonly url: string, readonly reason: string) { super(`Refused to fetch ${url}: ${reason}.`); }
}

export class SessionRequired extends DomainError {
  readonly code = 'SESSION_REQUIRED';
  constructor(reason = 'Sign in first.') { super(reason); }
}

export class CrossSiteRequest extends DomainError {
  readonly code = 'CROSS_SITE_REQUEST';
  constructor(readonly origin: string | null) {
    super(origin ? `Requests from ${origin} cannot change anything here.` : 'This request did not say where it comes from; changes need a same-origin request.');
  }
}

export class InvoiceRequired extends DomainError {
  readonly code = 'INVOICE_REQUIRED';
  constructor(readonly orgId: string) {
    super('The organization has a contract, so seats added to it are bought and invoiced. Buy them (the default), or mark them complimentary.');
  }
}

export class MetadataUnreachable extends DomainError {
  readonly code = 'SAML_METADATA_UNREACHABLE';
  constructor(readonly url: string, readonly reason: string) { super(`Could not fetch the SAML metadata at ${url}: ${reason}.`); }
}

/** What a rate limit is counted against (docs/operations.md, "Rate limits"). */
export type RateLimitedCredential = 'scim_token' | 'api_key' | 'session' | 'client_address' | 'app_client';

const CREDENTIAL_WORDS: Record<RateLimitedCredential, string> = {
  scim_token: 'This SCIM token', api_key: 'This API key', session: 'This session', client_address: 'Your network address',
  app_client: 'This application',
};

export class RateLimited extends DomainError {
  readonly code = 'RATE_LIMITED';
  /**
   * `limit` null: refused because of too many failed authentications from the client's address,
   * not because of the credential's own rate.
   */
  constructor(readonly credential: RateLimitedCredential, readonly retryAfterSeconds: number, readonly limit: { perSecond: number; burst: number } | null) {
    super(limit
      ? `${CREDENTIAL_WORDS[credential]} sent more than ${limit.perSecond} requests per second (bursts up to ${limit.burst}). This request was not processed and changed nothing; retry after ${retryAfterSeconds} s. If it keeps happening, lower the client's concurrency or ask the Seatgate operator to raise the limit.`
      : `Too many failed authentications came from your network address. This request was not processed and changed nothing; retry after ${retryAfterSeconds} s with a valid credential.`);
  }
}

// Console sign-in links (`seatgate console-link`, src/domain/console-links).

export class ConsoleLinkRefused extends DomainError {
  readonly code = 'CONSOLE_LINK_REFUSED';
  constructor(readonly reason: string) { super(reason); }
}

export class ConsoleLinkInvalid extends DomainError {
  readonly code = 'CONSOLE_LINK_INVALID';
  constructor() { super('This console sign-in link is not valid. Check that it was copied completely, or ask the operator for a new one.'); }
}

export class ConsoleLinkExpired extends DomainError {
  readonly code = 'CONSOLE_LINK_EXPIRED';
  constructor() { super('This console sign-in link has expired (links work for 15 minutes). Ask the operator for a new one.'); }
}

export class ConsoleLinkUsed extends DomainError {
  readonly code = 'CONSOLE_LINK_USED';
  constructor() { super('This console sign-in link has already been used; each link works once. Ask the operator for a new one.'); }
}

// Applications, their events and webhooks (src/domain/apps, src/domain/events, src/domain/webhooks).

export class AppNotFound extends DomainError {
  readonly code = 'APP_NOT_FOUND';
  constructor(readonly ref: string) { super(`No application ${ref}.`); }
}

export class AppAccessDenied extends DomainError {
  readonly code = 'APP_ACCESS_DENIED';
  constructor(readonly appName: string, readonly reason: string) { super(reason); }
}

export class WebhookNotFound extends DomainError {
  readonly code = 'WEBHOOK_NOT_FOUND';
  constructor(readonly ref: string) { super(`No webhook endpoint ${ref}.`); }
}

export class WebhookDeliveryNotFound extends DomainError {
  readonly code = 'WEBHOOK_DELIVERY_NOT_FOUND';
  constructor(readonly ref: string) { super(`No webhook delivery ${ref} for this endpoint.`); }
}

/**
 * Every code a DomainError can carry besides the SSO rejections: a closed set. A subclass whose
 * code is not listed does not compile, and neither does an edge table (src/web/error-table.ts)
 * that lacks a row for one. Add new codes at the end of their group.
 */
export const DOMAIN_ERROR_CODES = [
  // seats, members, groups, organizations
  'SEATS_EXHAUSTED', 'SEATS_NEVER_SHRINK', 'ORG_NOT_FOUND', 'ORG_SLUG_TAKEN', 'DOMAIN_ALREADY_CLAIMED',
  'MEMBER_NOT_FOUND', 'USERNAME_TAKEN', 'MEMBER_NOT_ACTIVE', 'PRIMARY_OWNER_REQUIRED',
  'GROUP_NOT_FOUND', 'GROUP_NAME_TAKEN', 'GROUP_MEMBER_UNKNOWN', 'SCIM_TOKEN_NOT_FOUND', 'PROVISIONING_DISABLED',
  'TIER_NOT_IN_CATALOGUE',
  // input, access, storage
  'INVALID_INPUT', 'UNAUTHENTICATED', 'ROLE_FORBIDDEN', 'SESSION_REQUIRED', 'CROSS_SITE_REQUEST',
  'RATE_LIMITED',
  // billing
  'CONTRACT_NOT_FOUND', 'CONTRACT_EXPIRED', 'CONTRACT_RENEWAL_PENDING', 'CONTRACT_LOCKED',
  'IDEMPOTENCY_KEY_REUSED', 'UPGRADE_NEEDS_MEMBERS', 'UPGRADE_EXCEEDS_STANDARD_SEATS', 'INVOICE_NOT_FOUND', 'INVOICE_REQUIRED',
  // domains, invitations, alerts
  'DOMAIN_NOT_VERIFIED', 'DOMAIN_NOT_FOUND', 'DOMAIN_VERIFICATION_FAILED',
  'INVITATION_NOT_FOUND', 'INVITATION_ALREADY_PENDING', 'INVITATION_NOT_PENDING',
  'INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_REVOKED', 'INVITE_ALREADY_ACCEPTED', 'WEBHOOK_URL_REFUSED',
  // single sign-on, after the protocol checks
  'SSO_CONNECTION_NOT_FOUND', 'SSO_NOT_CONFIGURED', 'EMAIL_NOT_VERIFIED', 'JIT_DISABLED', 'MEMBER_REMOVED',
  'SSO_IDENTITY_CONFLICT', 'SSO_FETCH_REFUSED', 'SAML_METADATA_UNREACHABLE',
  // console sign-in links
  'CONSOLE_LINK_REFUSED', 'CONSOLE_LINK_INVALID', 'CONSOLE_LINK_EXPIRED', 'CONSOLE_LINK_USED',
  // applications, events, webhooks
  'APP_NOT_FOUND', 'APP_ACCESS_DENIED', 'WEBHOOK_NOT_FOUND', 'WEBHOOK_DELIVERY_NOT_FOUND',
] as const;

export type DomainCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Every code an error can carry: the domain's, the SSO rejections and the infrastructure's (src/db/errors.ts). */
export type ErrorCode = DomainCode | SsoRejectionCode | InfrastructureCode;

export const ERROR_CODES: readonly ErrorCode[] = [...DOMAIN_ERROR_CODES, ...SSO_REJECTION_CODES, ...INFRASTRUCTURE_ERROR_CODES];

/** An error whose code is in the closed set: the edges answer it from their table. */
export type CodedFailure = DomainError | InfrastructureError;

export function isCodedFailure(err: unknown): err is CodedFailure {
  return err instanceof DomainError || err instanceof InfrastructureError;
}
