// What admin-API routes receive: the database, the clock and the configuration.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Config } from '../config.js';
import type { ActionContext } from '../domain/context.js';
import type { Principal } from './principal.js';
import type { Request } from 'express';
import type { Mailer } from '../domain/mail/mailer.js';
import type { TxtResolver } from '../domain/orgs/domain-verification.js';
import type { InvitationDeps } from '../domain/invitations/invitations.js';
import type { SessionSettings } from '../sessions/settings.js';

export interface ApiDeps {
  db: Kysely<Database>; clock: Clock; config: Readonly<Config>; mailer: Mailer; txtResolver: TxtResolver;
  /** The session cookie's settings: people signed in use the API with it. */
  session?: SessionSettings;
}

/** The provisioning-log context of an admin-API action. */
export function actionContext(deps: ApiDeps, principal: Principal, req: Request): ActionContext {
  return { method: 'admin', actor: principal.actor, clock: deps.clock, requestId: String(req.id ?? '') || null };
}

/** What the invitation domain needs, from the API's dependencies. */
export function invitationDeps(deps: ApiDeps): InvitationDeps {
  return { db: deps.db, clock: deps.clock, mailer: deps.mailer, publicUrl: deps.config.publicUrl, ttlDays: deps.config.inviteTtlDays, secret: deps.config.inviteSecret };
}
