// The outage log: one line when the database stops answering, one when it answers again.
import { OutageWatch } from '../../src/db/outage-watch.js';

describe('OutageWatch', () => {
  test('reports the first failure of an outage once, and its end with duration and failure count', () => {
    let now = 1_000;
    const seen: unknown[] = [];
    const watch = new OutageWatch({ unavailable: (err) => seen.push(['down', err]), recovered: (o) => seen.push(['up', o]) }, () => now);
    watch.succeeded();
    expect(seen).toEqual([]);
    watch.failed('first');
    now += 500;
    watch.failed('second');
    watch.failed('third');
    expect(watch.down).toBe(true);
    now += 1_500;
    watch.succeeded();
    watch.succeeded();
    expect(seen).toEqual([['down', 'first'], ['up', { ms: 2_000, failures: 3 }]]);
    expect(watch.down).toBe(false);
    watch.failed('next outage');
    expect(seen.at(-1)).toEqual(['down', 'next outage']);
  });
});
