// Sessions as a request sees them: start one at sign-in (a new row and a new secret every time,
// so nothing from before the sign-in carries over), find the live one behind a request's cookie
// (read once per request, whoever asks), and end it at sign-out on the server as well as in the
// browser.
import type { Request, Response } from 'express';
import type { SessionVia } from '../db/schema.js';
import { createSession, findLiveSession, revokeSession, type LiveSession } from '../domain/sessions/sessions.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './session-cookie.js';
import type { SessionSettings } from './settings.js';

export type { LiveSession };

const CACHE = Symbol('session');

/** Starts a session for an active member and sets its cookie; false when the member is not active. */
export async function startSession(res: Response, s: SessionSettings, member: { id: string; orgId: string }, via: SessionVia): Promise<boolean> {
  const now = s.clock.now();
  const started = await createSession(s.db, member.orgId, member.id, via, s, now);
  if (!started) return false;
  await writeSessionCookie(res, s, started.secret, started.expiresAt, now);
  return true;
}

/** The live session of the request, or null (no cookie, a forged one, or a session that has ended). */
export function currentSession(req: Request, s: SessionSettings): Promise<LiveSession | null> {
  const slot = req as unknown as Record<symbol, Promise<LiveSession | null> | undefined>;
  return (slot[CACHE] ??= (async () => {
    const now = s.clock.now();
    const secret = await readSessionCookie(req, s, now);
    return secret ? findLiveSession(s.db, secret, s, now) : null;
  })());
}

/** Ends the request's session, if any, on the server (a new sign-in replaces it, or a sign-out). */
export async function revokeCurrentSession(req: Request, s: SessionSettings): Promise<LiveSession | null> {
  const session = await currentSession(req, s);
  if (session) await revokeSession(s.db, session.id, 'signed_out', s.clock.now());
  (req as unknown as Record<symbol, unknown>)[CACHE] = Promise.resolve(null);
  return session;
}

/** Signs out: ends the request's session on the server and clears the cookie either way. */
export async function endSession(req: Request, res: Response, s: SessionSettings): Promise<LiveSession | null> {
  const session = await revokeCurrentSession(req, s);
  clearSessionCookie(res, s);
  return session;
}
