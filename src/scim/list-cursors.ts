// Where the previous page of an unfiltered list ended, per org and resource, so the next
// `startIndex` an IdP asks for is read by keyset instead of OFFSET (resource-queries.ts). Only
// a hint: a miss (another process served the previous page, or it was evicted) falls back to an
// index-only OFFSET with the same answer. Bounded; the oldest entries go first.
export class ListCursors {
  #entries = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The id of the row just before `startIndex` in the listing order, when known. */
  after(orgId: string, resource: string, startIndex: number): string | undefined {
    return startIndex > 1 ? this.#entries.get(`${orgId}:${resource}:${startIndex}`) : undefined;
  }

  remember(orgId: string, resource: string, nextStartIndex: number, lastId: string): void {
    const key = `${orgId}:${resource}:${nextStartIndex}`;
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, lastId);
  }
}
