import { combine, measure, percentile } from '../../src/bench/measure.js';

describe('benchmark measurement', () => {
  test('never runs more operations at once than the concurrency, and runs each exactly once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const m = await measure(40, 4, async (i) => {
      inFlight++; peak = Math.max(peak, inFlight); seen.push(i);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(m).toMatchObject({ concurrency: 4, operations: 40, failures: 0 });
    expect(m.latenciesMs).toHaveLength(40);
  });

  test('counts failures apart from latencies', async () => {
    const m = await measure(10, 2, async (i) => { if (i % 2) throw new Error('no'); });
    expect(m.failures).toBe(5);
    expect(m.latenciesMs).toHaveLength(5);
  });

  test.each([
    [0.5, 50], [0.99, 99], [1, 100], [0.01, 1],
  ])('percentile %p of 1…100 is %p', (q, expected) => {
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), q)).toBe(expected);
  });

  test('combining slices adds operations and time and pools the latencies', () => {
    const slice = (ops: number, seconds: number, lat: number[]) => ({ concurrency: 1, operations: ops, failures: 0, seconds, latenciesMs: lat, perSecond: ops / seconds, p50Ms: 0, p99Ms: 0 });
    const m = combine([slice(2, 1, [5, 1]), slice(2, 3, [3, 7])]);
    expect(m).toMatchObject({ operations: 4, seconds: 4, perSecond: 1, p50Ms: 3, latenciesMs: [1, 3, 5, 7] });
  });
});
