// Who is calling the admin API: an org, a role and the actor to write in the provisioning log.
// Set by the authentication middleware; routes read it, never the raw credentials.
import type { Request } from 'express';
import type { Role } from '../db/schema.js';
import type { Actor } from '../domain/context.js';
import { Unauthenticated } from '../domain/errors.js';

export interface Principal {
  orgId: string;
  role: Role;
  actor: Actor;
  via: 'api_key' | 'session';
  /** The signed-in member, when the caller is a person (session). */
  memberId?: string;
  /** The session, when the caller is a person. */
  sessionId?: string;
}

const KEY = Symbol('principal');

export function setPrincipal(req: Request, principal: Principal): void {
  (req as unknown as Record<symbol, Principal>)[KEY] = principal;
}

export function principalOf(req: Request): Principal {
  const p = (req as unknown as Record<symbol, Principal | undefined>)[KEY];
  if (!p) throw new Unauthenticated();
  return p;
}
