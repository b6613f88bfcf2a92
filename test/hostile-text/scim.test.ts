// SCIM × hostile text: a NUL or an unpaired surrogate anywhere a client can put text — the filter,
// other query parameters, the path, every kind of attribute in POST, PUT and PATCH of Users and
// Groups, PATCH paths and keys, raw bytes that are not UTF-8 — is 400 in RFC 7644 form with the
// right scimType (invalidFilter for the filter), never the 503 Entra and Okta retry for days.
// Nothing is written but the refusal itself, in the provisioning log, naming the field.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { scim, scimOrg, user, type ScimOrg } from '../scim/support.js';
import { HOSTILE, loggedSince, logMark, snapshot, storable } from './support.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

interface Ids { user: string; group: string }
interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `u` is the hostile text as percent-escaped bytes, for URLs. */
  path: (ids: Ids, u: string) => string;
  /** `t` is the hostile text as a string, for JSON bodies. */
  body?: (t: string, ids: Ids) => unknown;
  scimType: 'invalidFilter' | 'invalidValue';
  /** How the error names the field. */
  field: RegExp;
}

const CASES: Case[] = [
  { name: 'GET /Users filter', method: 'GET', path: (_i, u) => `/Users?filter=userName%20eq%20%22${u}%22`, scimType: 'invalidFilter', field: /query parameter "filter"/ },
  { name: 'GET /Users filter on externalId', method: 'GET', path: (_i, u) => `/Users?filter=externalId%20eq%20%22${u}%22&startIndex=1&count=100`, scimType: 'invalidFilter', field: /"filter"/ },
  { name: 'GET /Groups filter', method: 'GET', path: (_i, u) => `/Groups?filter=displayName%20eq%20%22${u}%22`, scimType: 'invalidFilter', field: /"filter"/ },
  { name: 'GET /Users attributes', method: 'GET', path: (_i, u) => `/Users?attributes=${u}`, scimType: 'invalidValue', field: /query parameter "attributes"/ },
  { name: 'GET /Users sortBy', method: 'GET', path: (_i, u) => `/Users?sortBy=${u}`, scimType: 'invalidValue', field: /"sortBy"/ },
  { name: 'GET /Users/:id', method: 'GET', path: (_i, u) => `/Users/${u}`, scimType: 'invalidValue', field: /URL path/ },
  { name: 'GET /Groups/:id', method: 'GET', path: (_i, u) => `/Groups/${u}`, scimType: 'invalidValue', field: /URL path/ },
  { name: 'POST /Users userName', method: 'POST', path: () => '/Users', body: (t) => user(`${t}@example.com`), scimType: 'invalidValue', field: /^userName:/ },
  { name: 'POST /Users displayName', method: 'POST', path: () => '/Users', body: (t) => user('d@example.com', { displayName: t }), scimType: 'invalidValue', field: /^displayName:/ },
  { name: 'POST /Users emails', method: 'POST', path: () => '/Users', body: (t) => user('e@example.com', { emails: [{ value: `${t}@example.com`, primary: true }] }), scimType: 'invalidValue', field: /^emails\[0\]\.value:/ },
  { name: 'POST /Users name.givenName', method: 'POST', path: () => '/Users', body: (t) => user('g@example.com', { name: { givenName: t } }), scimType: 'invalidValue', field: /^name\.givenName:/ },
  { name: 'POST /Users externalId', method: 'POST', path: () => '/Users', body: (t) => user('x@example.com', { externalId: t }), scimType: 'invalidValue', field: /^externalId:/ },
  { name: 'POST /Users enterprise department', method: 'POST', path: () => '/Users', body: (t) => user('ent@example.com', { [ENTERPRISE]: { department: t } }), scimType: 'invalidValue', field: /enterprise:2\.0:User\.department:/ },
  { name: 'POST /Users an attribute name', method: 'POST', path: () => '/Users', body: (t) => user('k@example.com', { [t]: 'v' }), scimType: 'invalidValue', field: /^\["x\\u(0000|d800)y"\]:/ },
  { name: 'PUT /Users userName', method: 'PUT', path: (i) => `/Users/${i.user}`, body: (t) => user(`${t}@example.com`), scimType: 'invalidValue', field: /^userName:/ },
  { name: 'PUT /Users displayName', method: 'PUT', path: (i) => `/Users/${i.user}`, body: (t) => user('kept@example.com', { displayName: t }), scimType: 'invalidValue', field: /^displayName:/ },
  { name: 'PUT /Users emails', method: 'PUT', path: (i) => `/Users/${i.user}`, body: (t) => user('kept@example.com', { emails: [{ value: 'kept@example.com', primary: true }, { value: t, type: 'home' }] }), scimType: 'invalidValue', field: /^emails\[1\]\.value:/ },
  { name: 'PUT /Users externalId', method: 'PUT', path: (i) => `/Users/${i.user}`, body: (t) => user('kept@example.com', { externalId: t }), scimType: 'invalidValue', field: /^externalId:/ },
  { name: 'PUT /Users/:id path', method: 'PUT', path: (_i, u) => `/Users/${u}`, body: () => user('kept@example.com'), scimType: 'invalidValue', field: /URL path/ },
  { name: 'PATCH /Users replace value', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'replace', path: 'displayName', value: t }), scimType: 'invalidValue', field: /^Operations\[0\]\.value:/ },
  { name: 'PATCH /Users add emails value', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'add', path: 'emails', value: [{ value: t, type: 'other' }] }), scimType: 'invalidValue', field: /^Operations\[0\]\.value\[0\]\.value:/ },
  { name: 'PATCH /Users path', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'replace', path: `emails[type eq "${t}"].value`, value: 'v@example.com' }), scimType: 'invalidValue', field: /^Operations\[0\]\.path:/ },
  { name: 'PATCH /Users path-less value key', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'replace', value: { [`name.${t}`]: 'v' } }), scimType: 'invalidValue', field: /^Operations\[0\]\.value\["name\.x\\u(0000|d800)y"\]:/ },
  { name: 'PATCH /Users externalId', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'replace', path: 'externalId', value: t }), scimType: 'invalidValue', field: /^Operations\[0\]\.value:/ },
  { name: 'PATCH /Users enterprise manager', method: 'PATCH', path: (i) => `/Users/${i.user}`, body: (t) => patch({ op: 'replace', path: `${ENTERPRISE}:manager`, value: t }), scimType: 'invalidValue', field: /^Operations\[0\]\.value:/ },
  { name: 'DELETE /Users/:id', method: 'DELETE', path: (_i, u) => `/Users/${u}`, scimType: 'invalidValue', field: /URL path/ },
  { name: 'POST /Groups displayName', method: 'POST', path: () => '/Groups', body: (t) => ({ schemas: [GROUP], displayName: t }), scimType: 'invalidValue', field: /^displayName:/ },
  { name: 'POST /Groups externalId', method: 'POST', path: () => '/Groups', body: (t) => ({ schemas: [GROUP], displayName: 'G2', externalId: t }), scimType: 'invalidValue', field: /^externalId:/ },
  { name: 'PUT /Groups displayName', method: 'PUT', path: (i) => `/Groups/${i.group}`, body: (t) => ({ schemas: [GROUP], displayName: t }), scimType: 'invalidValue', field: /^displayName:/ },
  { name: 'PATCH /Groups displayName', method: 'PATCH', path: (i) => `/Groups/${i.group}`, body: (t) => patch({ op: 'replace', path: 'displayName', value: t }), scimType: 'invalidValue', field: /^Operations\[0\]\.value:/ },
  { name: 'PATCH /Groups add member', method: 'PATCH', path: (i) => `/Groups/${i.group}`, body: (t, i) => patch({ op: 'add', path: 'members', value: [{ value: i.user }, { value: t }] }), scimType: 'invalidValue', field: /^Operations\[0\]\.value\[1\]\.value:/ },
  { name: 'PATCH /Groups remove member path', method: 'PATCH', path: (i) => `/Groups/${i.group}`, body: (t) => patch({ op: 'remove', path: `members[value eq "${t}"]` }), scimType: 'invalidValue', field: /^Operations\[0\]\.path:/ },
  { name: 'PATCH /Groups/:id path', method: 'PATCH', path: (_i, u) => `/Groups/${u}`, body: () => patch({ op: 'replace', path: 'displayName', value: 'ok' }), scimType: 'invalidValue', field: /URL path/ },
];

describeEachDatabase('SCIM refuses text it cannot store', (kind) => {
  let server: TestServer;
  let o: ScimOrg;
  const ids: Ids = { user: '', group: '' };

  beforeAll(async () => {
    server = await startTestServer(kind);
    o = await scimOrg(server, { standard: 20, premium: 0 });
    ids.user = (await scim(o, 'POST', '/Users', user('kept@example.com', { displayName: 'Kept' }))).body.id;
    ids.group = (await scim(o, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Kept group' })).body.id;
  });
  afterAll(async () => { await server?.stop(); });

  const matrix = CASES.flatMap((c) => HOSTILE.map((h) => [`${c.name} with ${h.name}`, c, h] as const));

  test.each(matrix)('%s: 400, nothing stored, the refusal logged when it was a change', async (_name, c, h) => {
    const before = await snapshot(server.db.db);
    const mark = await logMark(server.db.db, o.orgId);
    const res = await scim(o, c.method, c.path(ids, h.inUrl), c.body?.(h.text, ids));
    expect({ status: res.status, scimType: res.body?.scimType, schemas: res.body?.schemas })
      .toEqual({ status: 400, scimType: c.scimType, schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    expect(res.body.detail).toMatch(c.field);
    expect(res.body.detail).toMatch(h.fault);
    expect(await snapshot(server.db.db)).toEqual(before);
    const logged = await loggedSince(server.db.db, o.orgId, mark);
    if (c.method === 'GET') {
      expect(logged).toEqual([]);
    } else {
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ event: c.path(ids, '').startsWith('/Groups') ? 'group.rejected' : 'member.rejected', detail: { code: 'INVALID_INPUT', status: 400, scimType: 'invalidValue' } });
      expect(logged[0]!.reason).toMatch(c.field);
      expect([storable(logged[0]!.subject), storable(logged[0]!.reason)]).toEqual([true, true]);
    }
  });

  test('a body whose bytes are not UTF-8 (an encoded surrogate, ED A0 80) is 400 invalidValue, not a user named with U+FFFD', async () => {
    const before = await snapshot(server.db.db);
    const [head, tail] = JSON.stringify(user('raw@example.com', { displayName: 'x__y' })).split('__');
    const bytes = Buffer.concat([Buffer.from(head!), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(tail!)]);
    const res = await fetch(`${o.base}/Users`, { method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/scim+json' }, body: bytes });
    const body = await res.json() as { scimType: string; detail: string };
    expect([res.status, body.scimType]).toEqual([400, 'invalidValue']);
    expect(body.detail).toMatch(/not valid UTF-8/);
    expect(await snapshot(server.db.db)).toEqual(before);
  });

  test('a malformed percent-escape in the path is 400 invalidValue, not the 503 express\'s decoding error became', async () => {
    const res = await scim(o, 'GET', '/Users/%zz');
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
  });

  test('the same requests without the bad character succeed (the cases test the text, not the shape)', async () => {
    const created = await scim(o, 'POST', '/Users', user('xy@example.com', { displayName: 'xy', externalId: 'xy', [ENTERPRISE]: { department: 'xy' } }));
    expect(created.status).toBe(201);
    expect((await scim(o, 'GET', '/Users?filter=userName%20eq%20%22xy@example.com%22')).body.totalResults).toBe(1);
    expect((await scim(o, 'PATCH', `/Users/${ids.user}`, patch({ op: 'replace', path: 'displayName', value: 'xy' }))).status).toBe(204);
    expect((await scim(o, 'PATCH', `/Groups/${ids.group}`, patch({ op: 'add', path: 'members', value: [{ value: ids.user }] }))).status).toBe(204);
  });
});
