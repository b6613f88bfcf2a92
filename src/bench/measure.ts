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
  /** Wall time and the successful operations' latencies, for `combine`. */
  seconds: number;
  latenciesMs: number[];
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
  return summarize(concurrency, operations, failures, seconds, latencies);
}

/** One measurement out of several slices of the same workload (interleaved with another, say). */
export function combine(slices: Measurement[]): Measurement {
  const sum = (f: (m: Measurement) => number) => slices.reduce((n, m) => n + f(m), 0);
  return summarize(slices[0]!.concurrency, sum((m) => m.operations), sum((m) => m.failures), sum((m) => m.seconds),
    slices.flatMap((m) => m.latenciesMs));
}

function summarize(concurrency: number, operations: number, failures: number, seconds: number, latencies: number[]): Measurement {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    concurrency, operations, failures, seconds, latenciesMs: sorted,
    perSecond: operations / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
