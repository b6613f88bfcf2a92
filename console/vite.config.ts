// Builds the admin console (a Preact single-page app) into dist/console-app/, served by
// src/console/ at /admin. Everything the page loads is a file of ours under /admin/assets/: no
// inline script or style (the CSP forbids both), no inlined data: fonts, no CDN.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/admin/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console-app/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
