// Every refused SCIM mutation lands in the provisioning log with the token and the request id, so
// the IT admin can debug from our log (Okta does not log the SCIM bodies it sends). Only the
// status, scimType, code and reason are kept: never the body (it may carry a password).
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ActionContext } from '../domain/context.js';
import { recordEvent } from '../domain/log/provisioning-log.js';
import type { ScimErrorBody } from './scim-error.js';

export async function logRejection(
  db: Kysely<Database>, ctx: ActionContext, orgId: string, kind: 'member' | 'group', req: Request, error: ScimErrorBody,
): Promise<void> {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const named = kind === 'member' ? body.userName : body.displayName;
  const subject = typeof named === 'string' ? named.slice(0, 320) : (req.params.id ?? null);
  try {
    await recordEvent(db, ctx, {
      orgId,
      event: kind === 'member' ? 'member.rejected' : 'group.rejected',
      outcome: 'rejected',
      subject: typeof subject === 'string' ? subject : null,
      reason: error.detail,
      detail: {
        code: error.code, status: error.status, ...(error.scimType ? { scimType: error.scimType } : {}),
        request: `${req.method} ${req.baseUrl}${req.path}`.slice(0, 300),
      },
    });
  } catch (err) {
    // The database may be down (that is often why the request failed); the client has its answer.
    req.log?.warn({ err }, 'could not log a refused SCIM request');
  }
}
