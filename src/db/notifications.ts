// LISTEN for one channel, on either database. On a server this is a dedicated connection outside
// the pool that reconnects after a failure; on PGlite it is the one connection itself, which also
// hears NOTIFYs sent by CLI commands through the shared socket (they run on the same session).
// Callers are told when they may have missed messages (`lost`) and when they are heard again
// (`listening`), so a cache can stop trusting itself while nobody tells it about changes.
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export interface NotificationHandlers {
  notified(payload: string): void;
  /** The channel is heard (again); anything sent while it was not was missed. */
  listening(): void;
  /** The channel is no longer heard: messages may be missed until `listening` again. */
  lost(): void;
}

export interface Subscription { close(): Promise<void> }

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export async function listenOnServer(url: string, channel: string, h: NotificationHandlers, retryMs = 1000): Promise<Subscription> {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => {});
      if (closed) return;
      h.lost();
      retry = setTimeout(() => { retry = null; void connect(); }, retryMs);
      retry.unref();
    };
    c.on('error', fail);
    c.on('end', fail);
    c.on('notification', (m) => { if (m.channel === channel) h.notified(m.payload ?? ''); });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch {
      fail();
      return;
    }
    if (closed) { failed = true; await c.end().catch(() => {}); return; }
    client = c;
    h.listening();
  };
  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) { c.removeAllListeners('end'); c.removeAllListeners('error'); c.on('error', () => {}); await c.end().catch(() => {}); }
    },
  };
}

export async function listenOnPGlite(pglite: PGlite, channel: string, h: NotificationHandlers): Promise<Subscription> {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const unlisten = await pglite.listen(channel, (payload) => h.notified(payload));
  h.listening();
  return { close: async () => { if (!pglite.closed) await unlisten(); } };
}
