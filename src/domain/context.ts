// Who is acting, through which path, and when: passed to every state change so that the
// provisioning log can say who arrived how.
import type { ProvisioningMethod } from '../db/schema.js';
import type { Clock } from './clock.js';

export type ActorType = 'system' | 'cli' | 'member' | 'api_key' | 'scim_token' | 'sso_connection' | 'invitation' | 'console_link';

export interface Actor {
  type: ActorType;
  /** The id of the token, member, connection… that acted. */
  id?: string | null;
  /** A readable name for the log ("Okta token #2", "jane@acme.com"). */
  label?: string | null;
}

export interface ActionContext {
  method: ProvisioningMethod;
  actor: Actor;
  clock: Clock;
  requestId?: string | null;
}
