// The SCIM error boundary: every status/scimType pair of the error table is legal per RFC 7644
// §3.12, every domain code converts, and an outage answers 503 + Retry-After in SCIM form.
import { ERROR_TABLE, SCIM_TYPES_BY_STATUS } from '../../src/web/error-table.js';
import { renderBody, toScimError } from '../../src/scim/scim-error.js';
import * as errors from '../../src/domain/errors.js';
import { StorageUnavailable } from '../../src/db/errors.js';
import { startTestServer } from '../support/server.js';
import { scimOrg, scim } from './support.js';

/**
 * RFC 7644 §3.12's statuses, plus 503 (the Field notes' answer to an outage; RFC 7231 §6.6.4) and
 * 429 (a rate limit, RFC 6585 §4; Entra and Okta retry it after Retry-After).
 */
const LEGAL_STATUSES = new Set([307, 308, 400, 401, 403, 404, 409, 412, 413, 429, 500, 501, 503]);

describe('SCIM error table', () => {
  test.each(Object.entries(ERROR_TABLE))('%s maps to a legal SCIM status and scimType', (_code, m) => {
    expect(LEGAL_STATUSES.has(m.scim.status)).toBe(true);
    if (m.scim.scimType) expect(SCIM_TYPES_BY_STATUS[m.scim.status]).toContain(m.scim.scimType);
    // scimmy's ErrorResponse validates the pair too (it knows no 503, which we render ourselves).
    const body = renderBody({ status: m.scim.status, scimType: m.scim.scimType, detail: 'd', code: 'INTERNAL' });
    expect(body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(m.scim.status), detail: 'd' });
    expect(body.scimType).toBe(m.scim.scimType);
  });

  const counts = { premium: { purchased: 0, claimed: 0 }, standard: { purchased: 1, claimed: 1 } };
  test.each([
    new errors.NoSeatsAvailable(counts), new errors.OrgNotFound('x'), new errors.MemberNotFound('x'), new errors.UserNameTaken('x'),
    new errors.MemberNotActive('x', 'suspended'), new errors.GroupNotFound('x'), new errors.GroupNameTaken('x'),
    new errors.GroupMemberUnknown(['x']), new errors.ScimTokenNotFound('x'), new errors.PrimaryOwnerRequired(),
    new errors.InvalidInput('f', 'r'), new StorageUnavailable(null), new errors.RateLimited('scim_token', 1, { perSecond: 50, burst: 200 }),
  ].map((e) => [e.code, e] as const))('%s reaches SCIM through its table row, not the 503 fallback', (code, err) => {
    const e = toScimError(err, 'r');
    expect(e.code).toBe(code);
    expect(e.status).toBe(ERROR_TABLE[code]!.scim.status);
    expect(e.scimType).toBe(ERROR_TABLE[code]!.scim.scimType);
  });

  test('SEATS_EXHAUSTED becomes 403 with the counts in the detail', () => {
    const e = toScimError(new errors.NoSeatsAvailable({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 2, claimed: 2 } }), 'r1');
    expect(e).toMatchObject({ status: 403, code: 'SEATS_EXHAUSTED' });
    expect(e.detail).toBe('No seats are available (premium: 1 of 1 claimed, standard: 2 of 2 claimed). An Owner can add seats or free one.');
  });

  test.each([
    ['a storage outage', new StorageUnavailable(new Error('ECONNREFUSED'))],
    ['an unexpected error', new Error('boom')],
    ['our own TypeError', new TypeError('x is undefined')],
  ])('%s becomes 503 with Retry-After, detail without internals', (_n, err) => {
    const e = toScimError(err, 'req-1');
    expect(e).toMatchObject({ status: 503, retryAfter: 5 });
    expect(e.detail).toContain('req-1');
    expect(e.detail).not.toMatch(/ECONNREFUSED|boom|undefined/);
  });
});

describe('SCIM during a database outage', () => {
  test('answers 503 with Retry-After in SCIM form, never 401 or 404', async () => {
    const server = await startTestServer('pglite');
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    await server.db.close();
    try {
      for (const [method, path] of [['GET', '/Users'], ['POST', '/Users'], ['GET', '/Groups/00000000-0000-0000-0000-000000000000']] as const) {
        const res = await scim(o, method, path, method === 'POST' ? { userName: 'x@example.com' } : undefined);
        expect([method, path, res.status, res.headers.get('retry-after'), res.body.schemas]).toEqual(
          [method, path, 503, '5', ['urn:ietf:params:scim:api:messages:2.0:Error']]);
      }
    } finally {
      await server.stop();
    }
  });
});
