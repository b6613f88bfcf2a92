// Where a profiled server spent its CPU (`node --cpu-prof`): self time grouped by package (a
// node_modules package, a Seatgate folder, Node's internals, or native work such as socket
// writes and GC), as a Markdown table for the benchmark that asked for it (BENCH_PROFILE).
import fs from 'node:fs';
import path from 'node:path';

interface Profile { nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>; samples: number[]; timeDeltas: number[] }

export function summarizeProfiles(dir: string, top = 12): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (!files.length) return '_No CPU profile was written._';
  const byGroup = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const time = new Map<number, number>();
    p.samples.forEach((s, i) => time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
    for (const n of p.nodes) {
      const t = time.get(n.id) ?? 0;
      // Idle is waiting, not work: the shares are of the time the process was busy.
      if (!t || n.callFrame.functionName === '(idle)') continue;
      total += t;
      const g = group(n.callFrame.url);
      byGroup.set(g, (byGroup.get(g) ?? 0) + t);
      const f = `${n.callFrame.functionName || '(anonymous)'} (${g})`;
      byFunction.set(f, (byFunction.get(f) ?? 0) + t);
    }
  }
  const rows = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, t]) => `${k} ${(100 * t / total).toFixed(1)}%`).join('; ');
  return [`CPU profile of the Seatgate process over the whole run (self time, share of busy time; "native" is syscalls such as writev, GC and other work outside JavaScript): by package — ${rows(byGroup)}.`, '', `Top functions — ${rows(byFunction)}.`].join('\n');
}

function group(url: string): string {
  if (!url) return 'native';
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const d = /\/dist\/([^/]+)\//.exec(url);
  if (d) return `seatgate ${d[1]}/`;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  return 'other';
}
