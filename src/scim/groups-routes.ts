// /Groups: thin handlers — parse, call group-writes / resource-queries, render.
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database, Group } from '../db/schema.js';
import { getGroup, membersOfGroups } from '../domain/groups/groups.js';
import { scimLocals } from './auth.js';
import { sendScim } from './send.js';
import { parseListParams, listResponse } from './list-query.js';
import { parseSelection, type AttributeSelection } from './attribute-selection.js';
import { listGroups } from './resource-queries.js';
import { ListCursors } from './list-cursors.js';
import { groupToScim, wantsMembers } from './group-resource.js';
import { createScimGroup, deleteScimGroup, patchScimGroup, replaceScimGroup } from './group-writes.js';
import { readHandler, writeHandler } from './handlers.js';
import { patchAnswersNoContent } from './quirks/patch-response.js';

export function groupsRoutes(db: Kysely<Database>, baseUrl: () => string): Router {
  const router = Router();
  const cursors = new ListCursors();
  const write = (fn: Parameters<typeof writeHandler>[3]) => writeHandler(db, baseUrl, 'group', fn);
  const render = async (orgId: string, groups: Group[], selection?: AttributeSelection) => {
    const members = wantsMembers(selection) ? await membersOfGroups(db, orgId, groups.map((g) => g.id)) : null;
    return groups.map((g) => groupToScim(g, members ? members.filter((m) => m.group_id === g.id) : null, baseUrl(), selection));
  };

  router.get('/Groups', readHandler(async (req, res) => {
    const { orgId } = scimLocals(res);
    const params = parseListParams(req.query as Record<string, unknown>);
    const selection = parseSelection(req.query.attributes, req.query.excludedAttributes);
    const page = await listGroups(db, orgId, params, cursors);
    sendScim(res, 200, listResponse(await render(orgId, page.rows, selection), page.total, params));
  }));
  router.get('/Groups/:id', readHandler(async (req, res) => {
    const { orgId } = scimLocals(res);
    const selection = parseSelection(req.query.attributes, req.query.excludedAttributes);
    const [one] = await render(orgId, [await getGroup(db, orgId, String(req.params.id))], selection);
    sendScim(res, 200, one);
  }));
  router.post('/Groups', write(async (req, res, s) => {
    const g = await createScimGroup(s, req.body);
    const [one] = await render(s.orgId, [g]);
    sendScim(res, 201, one, `${s.baseUrl}/Groups/${g.id}`);
  }));
  router.put('/Groups/:id', write(async (req, res, s) => {
    const g = await replaceScimGroup(s, String(req.params.id), req.body);
    const [one] = await render(s.orgId, [await getGroup(db, s.orgId, g.id)]);
    sendScim(res, 200, one);
  }));
  router.patch('/Groups/:id', write(async (req, res, s) => {
    const g = await patchScimGroup(s, String(req.params.id), req.body);
    if (patchAnswersNoContent(req)) { res.status(204).end(); return; }
    const [one] = await render(s.orgId, [await getGroup(db, s.orgId, g.id)]);
    sendScim(res, 200, one);
  }));
  router.delete('/Groups/:id', write(async (req, res, s) => {
    await deleteScimGroup(s, String(req.params.id));
    res.status(204).end();
  }));
  return router;
}
