// The base of every error Seatgate reports by a stable code: the domain's facts
// (src/domain/errors.ts) and the storage machinery's (src/db/errors.ts). A code says what
// happened, never which HTTP status it becomes: the edges map codes to answers in one table
// (src/web/error-table.ts). Tests assert codes, never message text.
export abstract class CodedError<C extends string = string> extends Error {
  abstract readonly code: C;
  /** Safe to show to the caller (no secrets, no internals). */
  readonly expose: boolean = true;
  override get name(): string { return this.constructor.name; }
}
