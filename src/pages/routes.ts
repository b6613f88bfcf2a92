// Every people-facing page of this edge, in one place: the start page, the employee page (and
// /me), signing out, and console sign-in links. (Sign-in itself is the SSO edge's /login;
// invitations are src/pages/invite-pages.ts; the console is src/console.)
import { Router } from 'express';
import type { PageDeps } from './deps.js';
import { landingPage } from './landing.js';
import { accountPages } from './account.js';
import { signOutPages } from './sign-out.js';
import { consoleLinkPages } from './console-link.js';

export function pageRoutes(deps: PageDeps): Router {
  const router = Router();
  router.use(landingPage(deps), accountPages(deps), signOutPages(deps), consoleLinkPages(deps));
  return router;
}
