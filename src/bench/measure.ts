// Runs one operation many times from a fixed number of concurrent workers and reports throughput
// and latency percentiles. Every suite measures with this, so their figures compare.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  concurrency: number;
  operations: number;
  /** Operations that threw (counted in the time, excluded from latencies). */
  failures: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Calls `op(i)` for i = 0 … operations-1, at most `concurrency` at a time. */
export async function measure(operations: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < operations) {
      const i = next++;
      const start = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - start);
      } catch {
        failures++;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, operations) }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency, operations, failures,
    perSecond: operations / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
