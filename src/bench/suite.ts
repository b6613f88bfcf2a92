// What a benchmark suite is. `npm run bench` (src/bench/run.ts) runs every suite listed in
// src/bench/suites.ts against PostgreSQL (when BENCH_DATABASE_URL or DATABASE_URL is set) and
// PGlite, and writes docs/benchmarks.md with the machine, the date and each suite's section.
import type { DatabaseHandle, DatabaseKind } from '../db/connection.js';
import type { BenchSizes } from '../config.js';

export interface BenchContext {
  /** Database kinds available in this run (pglite always; postgres when a server URL is set). */
  kinds: DatabaseKind[];
  /** A fresh, migrated database of that kind; closing it drops it. */
  freshDatabase(kind: DatabaseKind, poolMax?: number): Promise<DatabaseHandle & { url: string | null }>;
  /** Progress for the person running the bench (stderr). */
  log(message: string): void;
  /** Scale factor: 1 normally, smaller with BENCH_QUICK=1 (CI smoke runs). */
  scale: number;
  /** A suite's size: the BENCH_* setting when given, else `full` × scale (at least `min`). */
  size(key: keyof BenchSizes, full: number, min?: number): number;
  /** BENCH_PROFILE: profile the server under test where a suite supports it. */
  profile: boolean;
}

export interface BenchSuite {
  name: string;
  /** Returns a Markdown section (starting with a `## ` heading) with the figures. */
  run(ctx: BenchContext): Promise<string>;
}
