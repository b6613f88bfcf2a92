// ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 §4), rendered by scimmy, plus our
// seat extension (which scimmy cannot register: it only accepts urn:ietf:params:scim:schemas:*
// ids). `/serviceConfiguration` is an alias for Microsoft's reference server path.
import { Router } from 'express';
import { SCIMMY, SEAT_EXTENSION, LIST_RESPONSE } from './schemas.js';
import { sendScim } from './send.js';
import { tiersByPriority } from '../domain/seats/tiers.js';

type Json = Record<string, unknown>;

const seatSchema = (baseUrl: string): Json => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  id: SEAT_EXTENSION,
  name: 'SeatAssignment',
  description: 'The Seatgate seat held by the member. Assigned by the seat allocator, never by the client.',
  attributes: [{
    name: 'tier', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readOnly',
    returned: 'default', uniqueness: 'none', canonicalValues: [...tiersByPriority()],
    description: 'Seat tier held while the user is active; absent while the user is suspended.',
  }],
  meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SEAT_EXTENSION}` },
});

export function discoveryRoutes(baseUrl: () => string): Router {
  const router = Router();
  const setBase = () => {
    const b = baseUrl();
    SCIMMY.Resources.ServiceProviderConfig.basepath(b);
    SCIMMY.Resources.ResourceType.basepath(b);
    SCIMMY.Resources.Schema.basepath(b);
    SCIMMY.Resources.User.basepath(b);
    SCIMMY.Resources.Group.basepath(b);
    return b;
  };
  const spc = async (_req: unknown, res: import('express').Response) => {
    setBase();
    sendScim(res, 200, await new SCIMMY.Resources.ServiceProviderConfig().read());
  };
  router.get(['/ServiceProviderConfig', '/serviceConfiguration'], spc);
  router.get('/ResourceTypes', async (_req, res) => {
    setBase();
    const list = JSON.parse(JSON.stringify(await new SCIMMY.Resources.ResourceType().read())) as Json;
    for (const rt of list.Resources as Json[]) if (rt.id === 'User') withSeat(rt);
    sendScim(res, 200, list);
  });
  router.get('/ResourceTypes/:id', async (req, res) => {
    setBase();
    const rt = JSON.parse(JSON.stringify(await new SCIMMY.Resources.ResourceType(req.params.id).read())) as Json;
    sendScim(res, 200, rt.id === 'User' ? withSeat(rt) : rt);
  });
  router.get('/Schemas', async (_req, res) => {
    const b = setBase();
    const list = JSON.parse(JSON.stringify(await new SCIMMY.Resources.Schema().read())) as Json;
    const resources = [...(list.Resources as Json[]), seatSchema(b)];
    sendScim(res, 200, { schemas: [LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources });
  });
  router.get('/Schemas/:id', async (req, res) => {
    const b = setBase();
    if (req.params.id.toLowerCase() === SEAT_EXTENSION.toLowerCase()) { sendScim(res, 200, seatSchema(b)); return; }
    sendScim(res, 200, await new SCIMMY.Resources.Schema(req.params.id).read());
  });
  return router;
}

function withSeat(rt: Json): Json {
  rt.schemaExtensions = [...((rt.schemaExtensions as Json[]) ?? []), { schema: SEAT_EXTENSION, required: false }];
  return rt;
}
