// The shapes the admin API answers (see /api/docs), as the console uses them.
export type Role = 'primary_owner' | 'owner' | 'admin' | 'member';
/** A tier key of the catalogue (GET /api/v1/tiers). */
export type Tier = string;

export interface TierInfo {
  key: Tier; name: string; rank: number;
  entitlements: { features: string[]; limits: { requestsPerDay: number; storageGb: number } };
  includes: string[];
}
export type MemberStatus = 'active' | 'suspended' | 'deprovisioned';

export interface Me {
  member: { id: string; email: string; displayName: string | null; role: Role };
  org: { id: string; slug: string; name: string };
  seat: { tier: Tier; includes: string[] };
  home: string;
}

export interface Pool { purchased: number; claimed: number; available: number }
export type Seats = Record<Tier, Pool>;

export interface Org {
  id: string; slug: string; name: string; createdAt: string;
  provisioning: { manual: boolean; jit: boolean; scim: boolean };
  verifiedDomains: string[];
}

export interface Member {
  id: string; userName: string; email: string; displayName: string | null; role: Role; status: MemberStatus;
  seatTier: Tier | null; createdVia: string; createdAt: string; updatedAt: string;
}

export interface Invitation {
  id: string; email: string; role: 'owner' | 'admin' | 'member'; seatTier: Tier | null;
  status: 'pending' | 'accepted' | 'revoked' | 'expired'; createdAt: string; expiresAt: string;
  invitedBy: { type: string; id: string | null; label: string | null };
}

export interface Contract {
  id: string; termStart: string; termEnd: string; autoRenew: boolean; currency: string;
  /** A tier newer than the contract has no price. */
  prices: Partial<Record<Tier, number>>; status: 'active' | 'renewed' | 'expired' | 'replaced';
}

export interface InvoiceLine {
  kind: 'seat_purchase' | 'upgrade' | 'renewal'; tier: Tier; fromTier?: Tier; quantity: number; unitAmount: number;
  months: number; days: number; daysInMonth: number; amount: number; description: string;
}

export interface Invoice {
  id: string | null; number: number | null; kind: 'seat_change' | 'renewal'; currency: string; issuedAt: string;
  periodStart: string; periodEnd: string; lines: InvoiceLine[]; total: number;
}

export type Counts = Record<Tier, { purchased: number; claimed: number }>;

export interface SeatChange { add?: Partial<Record<Tier, number>>; upgrade?: { count: number; memberIds?: string[]; from?: Tier; to?: Tier } }

export interface LogEvent {
  id: string; occurredAt: string; event: string; outcome: 'success' | 'rejected'; memberId: string | null; subject: string | null;
  method: string; actor: { type: string; id: string | null; label: string | null }; tier: Tier | null; reason: string | null;
  detail: unknown; requestId: string | null;
}

export interface Certificate { expiresAt: string | null; daysLeft: number | null; status: 'valid' | 'expiring' | 'expired' | 'unreadable' }

export interface SsoConnection {
  id: string; kind: 'saml' | 'oidc'; label: string; enabled: boolean; createdAt: string;
  saml?: { idpEntityId: string; ssoUrl: string; allowIdpInitiated: boolean; signed: 'assertion' | 'response' | 'both'; certificates: Certificate[] };
  oidc?: { issuer: string; clientId: string; scopes: string; assumeEmailVerified: boolean };
  setup: { entityId?: string; acsUrl?: string; metadataUrl?: string; redirectUri?: string; loginUrl: string; testUrl: string };
  warnings: string[];
}

export interface ScimToken { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export interface DomainInfo { domain: string; verified: boolean; verifiedAt: string | null; createdAt: string; challenge: { type: 'TXT'; name: string; value: string } | null }

export interface ApiKey { id: string; name: string; role: 'owner' | 'admin'; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export interface AlertSettings { thresholdPercent: number; webhookUrl: string | null; webhookSecretPrefix: string | null; webhookSecret?: string }

export interface Overview {
  org: { id: string; slug: string; name: string };
  seats: Record<Tier, { purchased: number; claimed: number; free: number }>;
  contract: { termStart: string; termEnd: string; renewalDate: string | null; autoRenew: boolean; status: string } | null;
  alerts: Array<{ alert: string; message: string }>;
  /** Pending seat requests; null until the organization has a request queue. */
  seatRequests: { pending: number } | null;
  members: { active: number; suspended: number };
  invitations: { pending: number };
  setup: { verifiedDomains: string[]; ssoConnections: number; scimTokens: number };
}
