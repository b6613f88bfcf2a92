// /Users: thin handlers — parse, call user-writes / resource-queries, render.
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { scimLocals } from './auth.js';
import { sendScim, sendScimList } from './send.js';
import { parseListParams } from './list-query.js';
import { parseSelection } from './attribute-selection.js';
import { listUsers } from './resource-queries.js';
import { ListCursors } from './list-cursors.js';
import { memberToScim } from './user-resource.js';
import { createUser, deleteUser, patchUser, readUser, replaceUser } from './user-writes.js';
import { readHandler, writeHandler } from './handlers.js';
import { patchAnswersNoContent } from './quirks/patch-response.js';

export function usersRoutes(db: Kysely<Database>, baseUrl: () => string): Router {
  const router = Router();
  const cursors = new ListCursors();
  const write = (fn: Parameters<typeof writeHandler>[3]) => writeHandler(db, baseUrl, 'member', fn);

  router.get('/Users', readHandler(async (req, res) => {
    const params = parseListParams(req.query as Record<string, unknown>);
    const selection = parseSelection(req.query.attributes, req.query.excludedAttributes);
    const page = await listUsers(db, scimLocals(res).orgId, params, cursors);
    const base = baseUrl();
    sendScimList(res, page.total, params.startIndex, page.rows, (m) => memberToScim(m, base, selection));
  }));
  router.get('/Users/:id', readHandler(async (req, res) => {
    const selection = parseSelection(req.query.attributes, req.query.excludedAttributes);
    sendScim(res, 200, memberToScim(await readUser(db, scimLocals(res).orgId, String(req.params.id)), baseUrl(), selection));
  }));
  router.post('/Users', write(async (req, res, s) => {
    const m = await createUser(s, req.body);
    sendScim(res, 201, memberToScim(m, s.baseUrl), `${s.baseUrl}/Users/${m.id}`);
  }));
  router.put('/Users/:id', write(async (req, res, s) => {
    sendScim(res, 200, memberToScim(await replaceUser(s, String(req.params.id), req.body), s.baseUrl));
  }));
  router.patch('/Users/:id', write(async (req, res, s) => {
    const m = await patchUser(s, String(req.params.id), req.body);
    if (patchAnswersNoContent(req)) res.status(204).end();
    else sendScim(res, 200, memberToScim(m, s.baseUrl));
  }));
  router.delete('/Users/:id', write(async (req, res, s) => {
    await deleteUser(s, String(req.params.id));
    res.status(204).end();
  }));
  return router;
}
