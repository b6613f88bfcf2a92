// When the OpenID Provider must send a person through sign-in again. oidc-provider's own login
// checks, plus one of ours: an authorization goes ahead only while the browser holds a live
// Seatgate session (src/domain/sessions/sessions.ts) of the same member whose seat still counts.
// A member who lost the seat has no live session any more (the allocator revoked them), so their
// next authorization goes through sign-in, where the refusal says why and reaches the app as
// `access_denied`. With prompt=none the app gets `login_required` instead.
import type { Request } from 'express';
import type { OidcProviderModule } from './load-library.js';
import { currentSession } from '../sessions/request-session.js';
import type { OpDeps } from './deps.js';

interface PolicyCtx { req: unknown; oidc: { session: { accountId?: string }; account?: unknown } }

export function interactionPolicy(library: OidcProviderModule, deps: Pick<OpDeps, 'session'>): unknown {
  const { Check, base } = library.interactionPolicy as { Check: any; base(): any };
  const policy = base();
  policy.get('login').checks.push(new Check('seatgate_session', 'a Seatgate sign-in holding a seat is required', 'login_required',
    async (ctx: PolicyCtx) => {
      const accountId = ctx.oidc.session.accountId;
      if (!accountId || !ctx.oidc.account) return Check.REQUEST_PROMPT;
      const live = await currentSession(ctx.req as Request, deps.session);
      return live?.memberId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }));
  return policy;
}
