// PGlite is one process's database: two processes opening the same directory would corrupt it.
// A lock file holding the owner's pid makes the second one refuse with a clear message; a lock
// left by a process that no longer exists is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { DataDirInUse } from '../domain/errors.js';

export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'seatgate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
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

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The pid of the live process (other than this one) holding DATA_DIR's lock, or null when none does. */
export function lockOwner(dataDir: string): number | null {
  let owner: number;
  try { owner = Number(fs.readFileSync(path.join(dataDir, 'seatgate.lock'), 'utf8')); } catch { return null; }
  return owner && owner !== process.pid && isAlive(owner) ? owner : null;
}
