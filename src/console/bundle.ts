// Where the built console is: dist/console-app/, written by `npm run build` (vite). Found beside
// the compiled server (dist/console/ → ../console-app) or, when the server runs from its
// TypeScript sources (tests), under the repository's dist/. Null when it was never built.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['../console-app/', '../../dist/console-app/'];

export function findConsoleBundle(): string | null {
  for (const rel of CANDIDATES) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}
