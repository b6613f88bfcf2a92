// Refuses a sign-in whose identity carries text that cannot be stored: a NUL or an unpaired
// surrogate in a SAML NameID or attribute (XML character references such as &#0; and &#xD800;
// decode to them, and the XML parser lets them through) or in an OIDC claim (JSON `\u0000`,
// `\ud800`). The refusal is an SsoRejected, so it is logged for the org and the person gets a
// readable 400 page naming the value; the value itself is never stored or echoed.
import { SsoRejected } from '../domain/errors.js';
import { describeTextFault, findUnstorableText } from '../domain/text/storable-text.js';

export function refuseUnstorableIdentity(code: 'SAML_INVALID_TEXT' | 'OIDC_INVALID_TEXT', values: Record<string, unknown>): void {
  const problem = findUnstorableText(values);
  if (!problem) return;
  const what = `${problem.path} ${describeTextFault(problem.fault)}`;
  throw new SsoRejected(code, `The identity provider sent a value Seatgate cannot store: the ${what}. Ask your IT admin to correct it at the identity provider, then sign in again.`, what);
}
