// The one table from a domain error code to what each edge answers: the admin API's HTTP status,
// the SCIM status and scimType (RFC 7644 §3.12), and a title for the page a person sees. The
// table is total over the closed set of codes (src/domain/errors.ts): a code without a row does
// not compile. Errors that are not DomainErrors get one of the renderers' own EdgeCodes below.
import { SSO_REJECTION_CODES, type ErrorCode, type SsoRejectionCode } from '../domain/errors.js';

export interface ErrorMapping {
  http: number;
  /** Status of the page a person's browser gets, when it differs from the API's (sign-in refusals). */
  page?: number;
  scim: { status: number; scimType?: ScimType };
  title: string;
}

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax'
  | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

/** Statuses a SCIM error may carry: RFC 7644 §3.12's, plus 429 for a rate limit (RFC 6585 §4) and 503 for an outage (RFC 7231 §6.6.4). */
export const SCIM_STATUSES = [307, 308, 400, 401, 403, 404, 409, 412, 413, 429, 500, 501, 503] as const;
export type ScimStatus = (typeof SCIM_STATUSES)[number];

/** Codes the renderers give errors that are not DomainErrors (body-parser, routing, scimmy, bugs). */
export type EdgeCode = 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'MALFORMED_JSON' | 'BAD_REQUEST' | 'INTERNAL' | 'UNAVAILABLE'
  | `SCIM_${ScimType}` | `SCIM_${ScimStatus}`;

/** Every code an error response or a provisioning-log refusal can name. */
export type PublicCode = ErrorCode | EdgeCode;

function sameRow<C extends string>(codes: readonly C[], row: ErrorMapping): Record<C, ErrorMapping> {
  return Object.fromEntries(codes.map((code) => [code, row])) as Record<C, ErrorMapping>;
}

export const ERROR_TABLE: Record<ErrorCode, ErrorMapping> = {
  SEATS_EXHAUSTED: { http: 409, page: 403, scim: { status: 403 }, title: 'No seats available' },
  ORG_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Organization not found' },
  ORG_SLUG_TAKEN: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Slug already in use' },
  DOMAIN_ALREADY_CLAIMED: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Domain already claimed' },
  MEMBER_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Member not found' },
  USERNAME_TAKEN: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'User already exists' },
  MEMBER_NOT_ACTIVE: { http: 409, scim: { status: 400, scimType: 'invalidValue' }, title: 'Member is not active' },
  GROUP_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Group not found' },
  GROUP_NAME_TAKEN: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Group already exists' },
  GROUP_MEMBER_UNKNOWN: { http: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Unknown group member' },
  SCIM_TOKEN_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'SCIM token not found' },
  PRIMARY_OWNER_REQUIRED: { http: 409, scim: { status: 400, scimType: 'mutability' }, title: 'Primary owner required' },
  SEATS_NEVER_SHRINK: { http: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Seats cannot be removed' },
  INVALID_INPUT: { http: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Invalid input' },
  UNAUTHENTICATED: { http: 401, scim: { status: 401 }, title: 'Sign-in required' },
  CROSS_SITE_REQUEST: { http: 403, scim: { status: 403 }, title: 'Cross-site request refused' },
  ROLE_FORBIDDEN: { http: 403, scim: { status: 403 }, title: 'Not allowed' },
  CONTRACT_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'No contract' },
  // A SCIM/JIT arrival refused because the contract ended: like SEATS_EXHAUSTED, a 403 the IdP retries.
  CONTRACT_EXPIRED: { http: 409, scim: { status: 403 }, title: 'Contract expired' },
  CONTRACT_RENEWAL_PENDING: { http: 409, scim: { status: 409 }, title: 'Contract renewal pending' },
  CONTRACT_LOCKED: { http: 409, scim: { status: 409 }, title: 'Contract already invoiced' },
  IDEMPOTENCY_KEY_REUSED: { http: 422, scim: { status: 400, scimType: 'invalidValue' }, title: 'Idempotency key reused' },
  UPGRADE_NEEDS_MEMBERS: { http: 409, scim: { status: 400, scimType: 'invalidValue' }, title: 'Name the members to upgrade' },
  UPGRADE_EXCEEDS_STANDARD_SEATS: { http: 409, scim: { status: 400, scimType: 'invalidValue' }, title: 'Not enough standard seats' },
  INVOICE_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Invoice not found' },
  // Invitations (admin API, 422) and sign-ins (a person's page, 403) refuse the same fact.
  DOMAIN_NOT_VERIFIED: { http: 422, page: 403, scim: { status: 400, scimType: 'invalidValue' }, title: 'Domain not verified' },
  DOMAIN_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Domain not found' },
  DOMAIN_VERIFICATION_FAILED: { http: 422, scim: { status: 400, scimType: 'invalidValue' }, title: 'Domain not verified yet' },
  INVITATION_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Invitation not found' },
  INVITATION_ALREADY_PENDING: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Invitation already pending' },
  INVITATION_NOT_PENDING: { http: 409, scim: { status: 400, scimType: 'invalidValue' }, title: 'Invitation not pending' },
  INVITE_INVALID: { http: 404, scim: { status: 404 }, title: 'Invalid invitation link' },
  INVITE_EXPIRED: { http: 410, scim: { status: 400, scimType: 'invalidValue' }, title: 'Invitation expired' },
  INVITE_REVOKED: { http: 410, scim: { status: 400, scimType: 'invalidValue' }, title: 'Invitation no longer valid' },
  INVITE_ALREADY_ACCEPTED: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Invitation already accepted' },
  PROVISIONING_DISABLED: { http: 403, scim: { status: 403 }, title: 'Provisioning turned off' },
  WEBHOOK_URL_REFUSED: { http: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Webhook URL refused' },
  STORAGE_UNAVAILABLE: { http: 503, scim: { status: 503 }, title: 'Temporarily unavailable' },
  // Start-up failures (server and CLI); never a SCIM 500, which Entra counts against the job.
  DATA_DIR_IN_USE: { http: 503, scim: { status: 503 }, title: 'Database in use by another process' },
  MIGRATION_FAILED: { http: 500, scim: { status: 503 }, title: 'Database migration failed' },
  TIER_NOT_IN_CATALOGUE: { http: 500, scim: { status: 503 }, title: 'Tier catalogue does not match the database' },
  SSO_CONNECTION_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Sign-in connection not found' },
  SSO_NOT_CONFIGURED: { http: 404, scim: { status: 404 }, title: 'Single sign-on not set up' },
  EMAIL_NOT_VERIFIED: { http: 403, scim: { status: 400, scimType: 'invalidValue' }, title: 'Email not verified' },
  JIT_DISABLED: { http: 403, scim: { status: 403 }, title: 'No account yet' },
  MEMBER_REMOVED: { http: 403, scim: { status: 403 }, title: 'Account not active' },
  SSO_IDENTITY_CONFLICT: { http: 409, scim: { status: 409, scimType: 'uniqueness' }, title: 'Account linked elsewhere' },
  SSO_FETCH_REFUSED: { http: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'URL refused' },
  SESSION_REQUIRED: { http: 401, scim: { status: 401 }, title: 'Not signed in' },
  // Every refused SAML response or OIDC callback: the code says which check failed.
  ...sameRow<SsoRejectionCode>(SSO_REJECTION_CODES, { http: 401, page: 403, scim: { status: 401 }, title: 'Sign-in refused' }),
  SAML_METADATA_UNREACHABLE: { http: 502, scim: { status: 503 }, title: 'IdP metadata unreachable' },
  OIDC_IDP_UNREACHABLE: { http: 502, scim: { status: 503 }, title: 'Identity provider unreachable' },
  // RFC 6585 §4; always sent with Retry-After. SCIM has no scimType for it (RFC 7644 §3.12 lists none).
  RATE_LIMITED: { http: 429, scim: { status: 429 }, title: 'Too many requests' },
  CONSOLE_LINK_REFUSED: { http: 403, scim: { status: 403 }, title: 'Console link refused' },
  CONSOLE_LINK_INVALID: { http: 404, scim: { status: 404 }, title: 'Invalid console link' },
  CONSOLE_LINK_EXPIRED: { http: 410, scim: { status: 400, scimType: 'invalidValue' }, title: 'Console link expired' },
  CONSOLE_LINK_USED: { http: 410, scim: { status: 400, scimType: 'invalidValue' }, title: 'Console link already used' },
  // The identity carried a NUL or an unpaired surrogate: the IdP's data is wrong, not the signature.
  SAML_INVALID_TEXT: { http: 400, page: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Sign-in refused: unreadable text' },
  OIDC_INVALID_TEXT: { http: 400, page: 400, scim: { status: 400, scimType: 'invalidValue' }, title: 'Sign-in refused: unreadable text' },
  // The CLI's refusals: no HTTP edge raises them, but the table stays total.
  SCHEMA_MISMATCH: { http: 503, scim: { status: 503 }, title: 'Database schema differs' },
  INVOICE_REQUIRED: { http: 409, scim: { status: 409 }, title: 'Seats must be invoiced' },
  APP_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Application not found' },
  APP_ACCESS_DENIED: { http: 403, scim: { status: 403 }, title: 'No access to this application' },
  WEBHOOK_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Webhook endpoint not found' },
  WEBHOOK_DELIVERY_NOT_FOUND: { http: 404, scim: { status: 404 }, title: 'Webhook delivery not found' },
};

export const SCIM_TYPES_BY_STATUS: Record<number, readonly ScimType[]> = {
  400: ['invalidFilter', 'tooMany', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'mutability', 'sensitive'],
  409: ['uniqueness'],
  // RFC 7644 §3.12 lists "mutability" for 400 only; no other status carries a scimType.
};
