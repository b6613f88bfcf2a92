// Jest global set-up: tests that start Seatgate as a real child process (migrate races, the
// PGlite DATA_DIR lock, graceful shutdown) run the compiled code in dist/, and the browser tests
// load the console bundle in dist/console-app/. Build each when any of its sources is newer than
// its last build, so no test exercises stale code, and no test file builds anything itself.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

export default function buildOnce() {
  if (builtAt(path.join(root, 'dist', 'main.js')) < newestMtime(path.join(root, 'src'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' });
  }
  if (builtAt(path.join(root, 'dist', 'console-app', 'index.html')) < newestMtime(path.join(root, 'console'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts'],
      { cwd: root, stdio: 'inherit' });
  }
}
