// Minimal typings for newman's library API (the package ships none).
declare module 'newman' {
  interface RunOptions { collection: unknown; envVar?: Array<{ key: string; value: string }>; reporters?: string[] }
  interface Summary { run: { failures: unknown[]; stats: Record<string, { total: number; failed: number }> } }
  const newman: { run(options: RunOptions, callback: (err: Error | null, summary: Summary) => void): void };
  export default newman;
}
