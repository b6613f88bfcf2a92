// The admin console at /admin, served by this process from the built bundle (nothing fetched at
// run time). Hashed assets under /admin/assets are cached for a year (their names change with
// their content); every other /admin path is the single page's index.html, never cached, and only
// for someone who may use it: a signed-out visitor is sent to sign in and brought back, a Member is
// sent to their own account page (as Okta and Entra send end users to their dashboard: they never
// see the admin app), which says why. The console itself only calls the admin API, which checks
// the session and the role again on every request.
import express, { Router, type Request, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../db/schema.js';
import { escapeHtml, page } from '../web/page.js';
import { findConsoleBundle } from './bundle.js';
import { cspAllowingInlineStyles, setConsoleHeaders } from './security-headers.js';
import { MEMBER_AT_CONSOLE_PATH } from '../sessions/home.js';

export interface ConsoleDeps {
  /** The role of the person signed in on this request, or null (the session edge decides). */
  signedInRole(req: Request): Promise<Role | null>;
  /** The built bundle; found next to the server when not given. */
  bundleDir?: string | null;
}

export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const dir = deps.bundleDir === undefined ? findConsoleBundle() : deps.bundleDir;
  let indexHtml: string | null = null;
  const index = () => (indexHtml ??= dir ? fs.readFileSync(path.join(dir, 'index.html'), 'utf8') : null);
  router.use('/admin', (_req, res, next) => { setConsoleHeaders(res); next(); });
  if (dir) {
    router.use('/admin/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, redirect: false }));
  }
  // A missing asset is a 404, never the page (a stale tab asking for an old hash must fail clearly).
  router.get('/admin/assets/*rest', (req, res) => serverPage(res, 404, 'Not found', `<p>No console file at ${escapeHtml(req.path)}.</p>`));
  router.get(['/admin', '/admin/*rest'], async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const role = await deps.signedInRole(req);
    if (!role) {
      res.redirect(302, `/login?return_to=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (role === 'member') {
      res.redirect(303, MEMBER_AT_CONSOLE_PATH);
      return;
    }
    const html = index();
    if (!html) {
      serverPage(res, 503, 'Admin console not built', '<p>This installation has no console bundle. Run <code>npm run build</code> and restart Seatgate. The admin API at <a href="/api/docs">/api/docs</a> works without it.</p>');
      return;
    }
    res.type('html').send(html);
  });
  return router;
}

/** A server-rendered page under /admin: its one inline <style> is allowed by hash, nothing else. */
function serverPage(res: Response, status: number, title: string, body: string): void {
  const html = page(title, body);
  res.status(status).set('Content-Security-Policy', cspAllowingInlineStyles(html)).type('html').send(html);
}
