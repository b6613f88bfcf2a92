// Wires the SCIM token cache of one server process to the database's invalidation channel
// (migration 0950): PostgreSQL LISTEN/NOTIFY on a server; on PGlite the one session hears the
// NOTIFYs of CLI commands that reach it through the shared socket. Without a way to listen the
// cache stays off (every request reads its token).
import type { DatabaseHandle } from '../db/connection.js';
import type { Subscription } from '../db/notifications.js';
import type { Logger } from '../logger.js';
import { INVALIDATION_CHANNEL, ScimTokenCache } from '../domain/scim-tokens/token-cache.js';

export interface CachedTokens { cache: ScimTokenCache; close(): Promise<void> }

export async function startTokenCache(database: DatabaseHandle, ttlMs: number, logger: Logger): Promise<CachedTokens | null> {
  if (ttlMs <= 0 || !database.listen) return null;
  const cache = new ScimTokenCache({ ttlMs, onBackgroundError: (err) => logger.warn({ err }, 'could not record a SCIM token\'s last use') });
  const subscription: Subscription = await database.listen(INVALIDATION_CHANNEL, {
    notified: () => cache.invalidateAll(),
    listening: () => cache.listening(),
    lost: () => { cache.lost(); logger.warn('SCIM token invalidations not heard: token cache off until the database answers again'); },
  });
  return { cache, close: () => subscription.close() };
}
