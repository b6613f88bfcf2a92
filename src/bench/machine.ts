// Describes the machine a benchmark ran on, so figures in docs/benchmarks.md can be compared.
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';

export interface Machine { cpus: number; cpuModel: string; memoryGiB: number; node: string; pglite: string; os: string }

export function describeMachine(): Machine {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpus: os.availableParallelism(),
    cpuModel: model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pglite: packageVersion('@electric-sql/pglite'),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(', ');
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve(name);
    let dir = main;
    for (let i = 0; i < 6; i++) {
      dir = dir.slice(0, dir.lastIndexOf('/'));
      const file = `${dir}/package.json`;
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      }
    }
  } catch { /* not resolvable */ }
  return 'unknown';
}
