// Where the third-party test material lives: `../shared/peer-suites`, relative to the repository
// root (developers' handbook). A clone made from a local checkout — as ../shared/tools/fresh-clone-check
// does, in a temporary folder — finds it beside the checkout it was cloned from (its `origin`).
// Missing material is an error: a peer-suite test that runs no fixture proves nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RELATIVE = path.join('..', 'shared', 'peer-suites');

/** Repository roots to look beside: this one, then the local checkout it was cloned from, if any. */
function candidateRoots(): string[] {
  const roots = [REPO_ROOT];
  try {
    const origin = execFileSync('git', ['-C', REPO_ROOT, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const local = origin.startsWith('file://') ? fileURLToPath(origin) : path.isAbsolute(origin) ? origin : null;
    if (local) roots.push(path.resolve(local));
  } catch {
    // Not a git checkout, or no origin: only the repository root counts.
  }
  return roots;
}

let found: string | null = null;

/** The peer-suites folder; throws (failing the test file) when it cannot be found. */
export function peerSuitesDir(): string {
  if (found) return found;
  for (const root of candidateRoots()) {
    const dir = path.resolve(root, RELATIVE);
    if (fs.existsSync(path.join(dir, 'README.md'))) return (found = dir);
  }
  throw new Error(`Third-party fixtures not found: expected ${RELATIVE} beside the repository root (${REPO_ROOT}). ` +
    'Check out the shared material next to the project (see README, Tests).');
}

/** A path inside one suite, which must exist. */
export function peerSuitePath(...parts: string[]): string {
  const file = path.join(peerSuitesDir(), ...parts);
  if (!fs.existsSync(file)) throw new Error(`Peer-suite file missing: ${path.relative(peerSuitesDir(), file)} under ${peerSuitesDir()}`);
  return file;
}
