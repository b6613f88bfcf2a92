// Runs the compiled Seatgate (dist/, built by the jest global set-up) as real child processes,
// for what only separate processes can show: migration races, the DATA_DIR lock, SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** The environment a child starts with: ours minus anything that picks a database. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL']) delete base[key];
  return { ...base, LOG_LEVEL: 'silent', ...env };
}

export function startNode(args: string[], env: Record<string, string>): ChildProcess & { finished: Promise<Finished>; output(): string } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const finished = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return Object.assign(child, { finished, output: () => stdout + stderr });
}

export function runNode(args: string[], env: Record<string, string>): Promise<Finished> {
  return startNode(args, env).finished;
}

/** Resolves with the first match of `pattern` in the child's stdout (or rejects if it exits first). */
export function waitForOutput(child: ReturnType<typeof startNode>, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${pattern} within ${timeoutMs} ms; output: ${child.output()}`)); }, timeoutMs);
    const check = () => { const m = child.output().match(pattern); if (m) { cleanup(); resolve(m); } };
    const exited = () => { cleanup(); reject(new Error(`exited before ${pattern}; output: ${child.output()}`)); };
    const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', check); child.stderr!.off('data', check); child.off('close', exited); };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('close', exited);
    check();
  });
}
