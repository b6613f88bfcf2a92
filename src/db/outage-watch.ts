// Notices when the database stops answering and when it answers again, once per outage: the log
// gets one line when the first failure arrives and one when the first query succeeds after it
// (with how long it lasted and how many failures the callers saw), not one line per request.
export interface OutageEvents {
  /** The first connection failure after a time of success: from now on callers get STORAGE_UNAVAILABLE. */
  unavailable?(err: unknown): void;
  /** The first success after an outage. */
  recovered?(outage: { ms: number; failures: number }): void;
}

export class OutageWatch {
  #since: number | null = null;
  #failures = 0;

  constructor(private readonly events: OutageEvents, private readonly now: () => number = Date.now) {}

  get down(): boolean { return this.#since !== null; }

  failed(err: unknown): void {
    this.#failures++;
    if (this.#since !== null) return;
    this.#since = this.now();
    this.events.unavailable?.(err);
  }

  succeeded(): void {
    if (this.#since === null) return;
    const outage = { ms: this.now() - this.#since, failures: this.#failures };
    this.#since = null;
    this.#failures = 0;
    this.events.recovered?.(outage);
  }
}
