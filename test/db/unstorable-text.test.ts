// The database's own refusals of text are the client's mistake, not an outage: SQLSTATE 22021
// (a NUL in text), 22P05 (a \u0000 escape in jsonb) and 22P02 (a uuid that is not one) become
// INVALID_INPUT in src/domain/storage/constraint-errors.ts — the backstop behind the edges' checks. And the
// provisioning log can always record a refusal, escaping what PostgreSQL cannot hold.
import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { translateDbError } from '../../src/domain/storage/constraint-errors.js';
import { provision } from '../../src/domain/members/provision.js';
import { listEvents, recordEvent } from '../../src/domain/log/provisioning-log.js';
import { InvalidInput } from '../../src/domain/errors.js';

describeEachDatabase('text the database refuses', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });

  const refusal = async (query: ReturnType<typeof sql>) => query.execute(t.db).then(() => null, (err: unknown) => err as { code?: string });

  test.each([
    ['a NUL in a text parameter', '22021', () => sql`select ${'a\u0000b'}::text`],
    ['a \\u0000 escape in jsonb', '22P05', () => sql`select ${'{"a":"\\u0000"}'}::jsonb`],
    ['a uuid parameter that is not one', '22P02', () => sql`select ${'not-a-uuid'}::uuid`],
  ])('%s is SQLSTATE %s from the database, and INVALID_INPUT once translated', async (_name, sqlstate, query) => {
    const err = await refusal(query());
    expect(err?.code).toBe(sqlstate);
    const translated = await translateDbError(err);
    expect(translated).toBeInstanceOf(InvalidInput);
    expect((translated as InvalidInput).code).toBe('INVALID_INPUT');
  });

  test('a NUL that slips past every edge into provision is INVALID_INPUT; no member, and the refusal is logged escaped', async () => {
    const { org, domain } = await makeOrg(t.db, { premium: 0, standard: 2 });
    const before = await t.db.selectFrom('members').select(sql<number>`count(*)::int`.as('n')).where('org_id', '=', org.id).executeTakeFirstOrThrow();
    await expect(provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `nul\u0000@${domain}`, email: `ok@${domain}` } }, ctx('scim')))
      .rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const after = await t.db.selectFrom('members').select(sql<number>`count(*)::int`.as('n')).where('org_id', '=', org.id).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const { events } = await listEvents(t.db, org.id, { events: ['member.rejected'] });
    expect(events.map((e) => [e.subject, (e.detail as { code: string }).code])).toEqual([[`nul\\u0000@${domain}`, 'INVALID_INPUT']]);
  });

  test('an unpaired surrogate in a log row is written as \\uXXXX, not silently replaced by U+FFFD', async () => {
    const { org } = await makeOrg(t.db, { premium: 0, standard: 1 });
    await recordEvent(t.db, ctx('scim'), { orgId: org.id, event: 'member.rejected', outcome: 'rejected', subject: 'a\ud800b', reason: 'r\u0000', detail: { sent: '\udc00' } });
    const [e] = (await listEvents(t.db, org.id, {})).events.filter((x) => x.event === 'member.rejected');
    expect([e!.subject, e!.reason, e!.detail]).toEqual(['a\\ud800b', 'r\\u0000', { sent: '\\udc00' }]);
  });
});
