// Refuses text that cannot be stored where HTTP input enters: a NUL or an unpaired surrogate in
// the URL path, a query parameter (name or value), a JSON body (any key or string), or body bytes
// that are not UTF-8 (body-parser would quietly turn them into U+FFFD), and a malformed
// percent-escape in the path. The refusal names the field; the request goes no further, so
// nothing of it reaches the database. Percent-escapes are read as UTF-8 bytes here, because
// express's own decoding either fails later as a 500 (path params) or silently substitutes
// U+FFFD (query strings).
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidInput } from '../domain/errors.js';
import { describeTextFault, escapeForDisplay, findUnstorableText, textFault, type TextProblem } from '../domain/text/storable-text.js';

export type InputFault = TextProblem['fault'] | 'invalid-utf8' | 'bad-escape';

export interface InputTextProblem {
  where: 'path' | 'query' | 'body';
  /** The query parameter's name, the JSON path in the body, or '' for the path / the whole body. */
  name: string;
  fault: InputFault;
}

export type Refuse = (req: Request, res: Response, problem: InputTextProblem) => void | Promise<void>;

const notUtf8 = new WeakSet<IncomingMessage>();

/** `verify` for express.json: remembers a body that is not UTF-8, for the check after authentication. */
export function rememberNonUtf8Body(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) notUtf8.add(req);
}

/**
 * Checks the URL and the parsed body of each request. By default a problem becomes
 * InvalidInput (400 INVALID_INPUT through the error table); SCIM passes its own `refuse`.
 */
export function refuseUnstorableText(opts: { refuse?: Refuse; except?: (req: Request) => boolean } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (opts.except?.(req)) { next(); return; }
    const problem = unstorableInRequest(req);
    if (!problem) { next(); return; }
    if (opts.refuse) { await opts.refuse(req, res, problem); return; }
    next(invalidInputFor(problem));
  };
}

export function unstorableInRequest(req: Request): InputTextProblem | null {
  const inUrl = unstorableInUrl(req.originalUrl);
  if (inUrl) return inUrl;
  if (notUtf8.has(req)) return { where: 'body', name: '', fault: 'invalid-utf8' };
  const inBody = req.body !== undefined ? findUnstorableText(req.body) : null;
  return inBody ? { where: 'body', name: inBody.path, fault: inBody.fault } : null;
}

export function unstorableInUrl(url: string): InputTextProblem | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  // A `%` without two hex digits in the path makes express's parameter decoding throw (a 500).
  const pathFault = /%(?![0-9A-Fa-f]{2})/.test(path) ? 'bad-escape' : percentDecodedFault(path);
  if (pathFault) return { where: 'path', name: '', fault: pathFault };
  if (q < 0) return null;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [key, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const fault = percentDecodedFault(key) ?? percentDecodedFault(value);
    if (fault) return { where: 'query', name: lenientDecode(key), fault };
  }
  return null;
}

export function invalidInputFor(p: InputTextProblem): InvalidInput {
  const reason = p.fault === 'invalid-utf8' ? 'is not valid UTF-8 text'
    : p.fault === 'bad-escape' ? 'has a % that does not start a percent-escape (%XX)' : describeTextFault(p.fault);
  return new InvalidInput(fieldName(p), reason);
}

export function fieldName(p: InputTextProblem): string {
  if (p.where === 'path') return 'the URL path';
  if (p.where === 'query') return `query parameter "${escapeForDisplay(p.name).slice(0, 80)}"`;
  return p.name || 'the request body';
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** The fault of a raw URL component once its percent-escapes are read as UTF-8 bytes. Stray `%` is left alone, as the query parser does. */
function percentDecodedFault(raw: string): InputFault | null {
  const direct = textFault(raw);
  if (direct) return direct;
  for (const run of raw.match(ESCAPES) ?? []) {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    if (bytes.includes(0)) return 'nul';
    if (!isUtf8(bytes)) return encodesSurrogate(bytes) ? 'lone-surrogate' : 'invalid-utf8';
  }
  return null;
}

/** ED A0..BF is how CESU-8 / WTF-8 spell a surrogate: UTF-8 has no such sequence. */
function encodesSurrogate(bytes: Buffer): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xed && bytes[i + 1]! >= 0xa0 && bytes[i + 1]! <= 0xbf) return true;
  return false;
}

function lenientDecode(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}
