// Time comes from one injectable clock so that tests (and simulations of a contract year) can
// move it; domain functions never call `new Date()` themselves.
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told otherwise: for tests and simulations. */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date | string) { this.#now = new Date(start); }
  now(): Date { return new Date(this.#now); }
  set(to: Date | string): void { this.#now = new Date(to); }
  advance(ms: number): void { this.#now = new Date(this.#now.getTime() + ms); }
}
