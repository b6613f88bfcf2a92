// PGlite is one process's database: two processes opening the same directory would corrupt it.
// A lock file holding the owner's pid makes the second one refuse with a clear message; a lock
// left by a process that no longer exists is taken over. The lock file appears with its pid in it
// (never empty), since the CLI reads it to find a running server (lockOwner).
import fs from 'node:fs';
import path from 'node:path';
import { DataDirInUse } from './errors.js';

export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'seatgate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createWithContent(file, String(process.pid));
      return () => { try { if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file); } catch { /* already gone */ } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) throw new DataDirInUse(dataDir, owner);
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirInUse(dataDir, 0);
}

/**
 * Creates `file` holding `content`, or fails with EEXIST, atomically: written aside and then
 * hard-linked into place, so that nobody ever reads an empty lock (and takes it as abandoned).
 */
function createWithContent(file: string, content: string): void {
  const aside = `${file}.${process.pid}`;
  fs.writeFileSync(aside, content);
  try {
    fs.linkSync(aside, file);
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The pid of the live process (other than this one) holding DATA_DIR's lock, or null when none does. */
export function lockOwner(dataDir: string): number | null {
  let owner: number;
  try { owner = Number(fs.readFileSync(path.join(dataDir, 'seatgate.lock'), 'utf8')); } catch { return null; }
  return owner && owner !== process.pid && isAlive(owner) ? owner : null;
}
