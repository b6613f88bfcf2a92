// Notices when the database stops answering and when it answers again, once per outage: the log
// gets one line when the first failure arrives and one when the first query succeeds after it
// (with how long it lasted and how many failures the callers saw), not one line per request. Only
// a query asked after the latest failure counts as a recovery: queries already under way when the
// server began to shut down may still succeed, and they say nothing about the server now.
export interface OutageEvents {
  /** The first connection failure after a time of success: from now on callers get STORAGE_UNAVAILABLE. */
  unavailable?(err: unknown): void;
  /** The first success after an outage. */
  recovered?(outage: { ms: number; failures: number }): void;
  /** Every failed query or connection, by kind: an SQLSTATE class ("23", "40", …) or "connection" (metrics). */
  queryFailed?(kind: string): void;
}

/** A bounded label for a database error: its SQLSTATE class, "connection" without one. */
export function errorKind(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code.slice(0, 2) : 'connection';
}

export class OutageWatch {
  #since: number | null = null;
  #lastFailure = 0;
  #failures = 0;

  constructor(private readonly events: OutageEvents, readonly now: () => number = Date.now) {}

  get down(): boolean { return this.#since !== null; }

  failed(err: unknown): void {
    this.#failures++;
    this.#lastFailure = this.now();
    if (this.#since !== null) return;
    this.#since = this.now();
    this.events.unavailable?.(err);
  }

  /** A query asked at `askedAt` (this watch's clock) succeeded. */
  succeeded(askedAt: number): void {
    if (this.#since === null || askedAt < this.#lastFailure) return;
    const outage = { ms: this.now() - this.#since, failures: this.#failures };
    this.#since = null;
    this.#failures = 0;
    this.events.recovered?.(outage);
  }
}
