// Signs an Owner in as a browser would with a console link: the operator's CLI step runs through
// the domain (createConsoleLink), then the link is opened and its button posted. Returns the
// session cookie ("seatgate_session=…") for the requests that follow.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createConsoleLink } from '../../src/domain/console-links/console-links.js';
import { systemClock, type Clock } from '../../src/domain/clock.js';

export async function consoleLinkToken(db: Kysely<Database>, orgSlug: string, email: string, clock: Clock = systemClock): Promise<string> {
  const link = await createConsoleLink(db, { orgSlug, email }, { method: 'cli', actor: { type: 'cli', label: 'cli (test)' }, clock });
  return link.token;
}

export async function consoleSignIn(baseUrl: string, db: Kysely<Database>, orgSlug: string, email: string, clock: Clock = systemClock): Promise<string> {
  const token = await consoleLinkToken(db, orgSlug, email, clock);
  const res = await fetch(`${baseUrl}/console-link/${token}`, { method: 'POST', redirect: 'manual' });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie?.startsWith('seatgate_session=') || cookie === 'seatgate_session=') throw new Error(`console sign-in failed: ${res.status} ${await res.text()}`);
  return cookie;
}
