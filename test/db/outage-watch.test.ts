// The outage log: one line when the database stops answering, one when it answers again.
import { OutageWatch } from '../../src/db/outage-watch.js';

describe('OutageWatch', () => {
  let now: number;
  let seen: unknown[];
  let watch: OutageWatch;
  beforeEach(() => {
    now = 1_000;
    seen = [];
    watch = new OutageWatch({ unavailable: (err) => seen.push(['down', err]), recovered: (o) => seen.push(['up', o]) }, () => now);
  });

  test('reports the first failure of an outage once, and its end with duration and failure count', () => {
    watch.succeeded(now);
    expect(seen).toEqual([]);
    watch.failed('first');
    now += 500;
    watch.failed('second');
    watch.failed('third');
    expect(watch.down).toBe(true);
    now += 1_500;
    watch.succeeded(now);
    watch.succeeded(now);
    expect(seen).toEqual([['down', 'first'], ['up', { ms: 2_000, failures: 3 }]]);
    expect(watch.down).toBe(false);
    watch.failed('next outage');
    expect(seen.at(-1)).toEqual(['down', 'next outage']);
  });

  test('a query asked before the latest failure that still succeeds is no recovery', () => {
    const askedBefore = now;
    now += 10;
    watch.failed('server shutting down');
    now += 10;
    watch.succeeded(askedBefore);
    expect(watch.down).toBe(true);
    watch.succeeded(now);
    expect(seen).toEqual([['down', 'server shutting down'], ['up', { ms: 10, failures: 1 }]]);
  });
});
