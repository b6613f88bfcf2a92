// Enforces: the callback comes from the browser that started this sign-in — it holds the flow
// cookie for this `state`. RFC 6749 §10.12 and OIDC Core §3.1.2.1: without it, an attacker can
// hand a victim a callback URL of the attacker's own sign-in and sign the victim in as the
// attacker (login CSRF). Runs before the code is redeemed; returns the flow so it can be cleared.
import { SsoRejected } from '../../../domain/errors.js';
import { matchFlow, type PresentedFlow } from '../../browser-binding.js';

export function stateFromThisBrowser(state: string, presented: readonly PresentedFlow[]): PresentedFlow {
  const flow = matchFlow(presented, state);
  if (!flow) {
    throw new SsoRejected('OIDC_STATE_NOT_THIS_BROWSER', 'This sign-in was started in another browser (or its cookie was blocked). Start again from the sign-in page, in this browser.',
      presented.length ? `${presented.length} other sign-in cookie(s) presented, none for this state` : 'no sign-in cookie presented');
  }
  return flow;
}
