// Every migration, in order. Names sort lexically; a migration is never edited once released.
// Ranges keep parallel work apart: 0001-0099 foundation, 0100+ SCIM, 0200+ SSO, 0300+ billing.
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as scim from './0100-scim.js';
import * as sso from './0200-sso.js';
import * as seatConversion from './0300-seat-conversion.js';
import * as billing from './0301-billing.js';
import * as apiKeys from './0350-api-keys.js';
import * as invitations from './0360-invitations.js';
import * as domainChallenges from './0370-domain-challenges.js';
import * as seatAlerts from './0380-seat-alerts.js';
import * as ssoConnectionVersion from './0420-sso-connection-version.js';
import * as sessions from './0460-sessions.js';
import * as consoleLinks from './0461-console-links.js';
import * as applications from './0600-applications.js';
import * as eventsAndWebhooks from './0601-events-and-webhooks.js';
import * as ssoSignInTests from './0800-sso-sign-in-tests.js';
import * as seatRequests from './0900-seat-requests.js';
import * as tiersAsData from './0910-tiers-as-data.js';
import * as provisioningRules from './0920-provisioning-rules.js';
import * as scimTokenInvalidation from './0950-scim-token-invalidation.js';
import * as listCounts from './0951-list-counts.js';

export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0100-scim': scim,
  '0200-sso': sso,
  '0300-seat-conversion': seatConversion,
  '0301-billing': billing,
  '0350-api-keys': apiKeys,
  '0360-invitations': invitations,
  '0370-domain-challenges': domainChallenges,
  '0380-seat-alerts': seatAlerts,
  '0420-sso-connection-version': ssoConnectionVersion,
  '0460-sessions': sessions,
  '0461-console-links': consoleLinks,
  '0600-applications': applications,
  '0601-events-and-webhooks': eventsAndWebhooks,
  '0800-sso-sign-in-tests': ssoSignInTests,
  '0900-seat-requests': seatRequests,
  '0910-tiers-as-data': tiersAsData,
  '0920-provisioning-rules': provisioningRules,
  '0950-scim-token-invalidation': scimTokenInvalidation,
  '0951-list-counts': listCounts,
};
