// Authenticated SCIM tokens kept in memory, keyed by the token's SHA-256 hash, so most SCIM
// requests cost no database round trip for their token. Guarantees:
// - a revocation (or an org's SCIM switch, or a deletion) committed anywhere drops the cache in
//   every process as soon as the NOTIFY arrives (migration 0950, src/db/notifications.ts);
// - entries are trusted only while the channel is heard: when it is lost the cache empties and
//   stays off until it is heard again; every entry also expires after `ttlMs` as a backstop;
// - a lookup that started before an invalidation never re-fills the cache with what it read.
// Unknown tokens are never cached. last_used_at is still refreshed, once a minute, off the
// request's path (a failure there is only logged by the caller's `onBackgroundError`).
import type { Executor } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import { findActiveToken, hashToken, lastUseIsStale, recordTokenUse, type AuthenticatedToken } from './tokens.js';

export const INVALIDATION_CHANNEL = 'seatgate_scim_tokens';

export interface TokenCacheOptions {
  ttlMs: number;
  /** Entries kept at most; the oldest go first (default 10,000). */
  maxEntries?: number;
  onBackgroundError?: (err: unknown) => void;
}

interface Entry { token: AuthenticatedToken; expiresAt: number; lastUsedAt: Date | null }

export class ScimTokenCache {
  #entries = new Map<string, Entry>();
  #generation = 0;
  #heard = false;

  constructor(private readonly options: TokenCacheOptions) {}

  /** The channel is heard: entries may be kept from now on. */
  listening(): void { this.invalidateAll(); this.#heard = true; }

  /** The channel was lost: nothing cached can be trusted until `listening` again. */
  lost(): void { this.#heard = false; this.invalidateAll(); }

  invalidateAll(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number { return this.#entries.size; }

  async authenticate(db: Executor, secret: string, clock: Clock): Promise<AuthenticatedToken | null> {
    const now = clock.now();
    const key = hashToken(secret);
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now.getTime()) {
      this.#touch(db, hit, now);
      return hit.token;
    }
    if (hit) this.#entries.delete(key);
    const generation = this.#generation;
    const found = await findActiveToken(db, secret);
    if (!found) return null;
    const entry: Entry = { token: found.token, expiresAt: now.getTime() + this.options.ttlMs, lastUsedAt: found.lastUsedAt };
    if (this.#heard && this.options.ttlMs > 0 && generation === this.#generation) {
      if (this.#entries.size >= (this.options.maxEntries ?? 10_000)) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, entry);
    }
    this.#touch(db, entry, now);
    return found.token;
  }

  #touch(db: Executor, entry: Entry, now: Date): void {
    if (!lastUseIsStale(entry.lastUsedAt, now)) return;
    entry.lastUsedAt = now;
    recordTokenUse(db, entry.token.id, now).catch((err: unknown) => this.options.onBackgroundError?.(err));
  }
}
