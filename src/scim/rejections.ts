// Every refused SCIM mutation lands in the provisioning log with the token and the request id, so
// the IT admin can debug from our log (Okta does not log the SCIM bodies it sends). Only the
// status, scimType, code and reason are kept: never the body (it may carry a password).
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ActionContext } from '../domain/context.js';
import { recordEvent } from '../domain/log/provisioning-log.js';
import { isStorableText } from '../domain/text/storable-text.js';
import type { ScimErrorBody } from './scim-error.js';

export async function logRejection(
  db: Kysely<Database>, ctx: ActionContext, orgId: string, kind: 'member' | 'group', req: Request, error: ScimErrorBody,
): Promise<void> {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const named = kind === 'member' ? body.userName : body.displayName;
  // Never the text that was refused for being unstorable: the row would fail to insert.
  const raw = typeof named === 'string' && isStorableText(named) ? named : (req.params.id ?? null);
  const subject = typeof raw === 'string' && isStorableText(raw.slice(0, 320)) ? raw.slice(0, 320) : null;
  try {
    await recordEvent(db, ctx, {
      orgId,
      event: kind === 'member' ? 'member.rejected' : 'group.rejected',
      outcome: 'rejected',
      subject,
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
