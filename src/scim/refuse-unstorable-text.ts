// SCIM's answer to text that cannot be stored (a NUL, an unpaired surrogate, bytes that are not
// UTF-8; found by src/web/unstorable-text.ts after the token decided the org): 400 in RFC 7644
// §3.12 form, `invalidFilter` for the filter parameter (§3.4.2.2), `invalidSyntax` for a body
// nested beyond the bound, `invalidValue` otherwise — never the 503 that IdPs retry for days.
// A refused change to /Users or /Groups is in the provisioning log, naming the field only.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ScimType } from '../web/error-table.js';
import { invalidInputFor, refuseUnstorableText, type InputTextProblem } from '../web/unstorable-text.js';
import { scimLocals } from './auth.js';
import { logRejection } from './rejections.js';
import { sendScimBody, toScimError } from './scim-error.js';

const READS = new Set(['GET', 'HEAD']);

export function refuseUnstorableScimText(db: Kysely<Database>) {
  return refuseUnstorableText({
    refuse: async (req, res, problem) => {
      const body = { ...toScimError(invalidInputFor(problem), String(req.id ?? '')), scimType: scimTypeFor(problem) };
      const path = req.path.toLowerCase();
      const kind = path.startsWith('/users') ? 'member' : path.startsWith('/groups') ? 'group' : null;
      if (kind && !READS.has(req.method)) {
        const { orgId, ctx } = scimLocals(res);
        await logRejection(db, ctx, orgId, kind, req, body);
      }
      sendScimBody(req, res, body);
    },
  });
}

function scimTypeFor(p: InputTextProblem): ScimType {
  if (p.where === 'query' && p.name.toLowerCase() === 'filter') return 'invalidFilter';
  return p.fault === 'too-deep' ? 'invalidSyntax' : 'invalidValue';
}
