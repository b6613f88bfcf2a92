// userName eq and externalId eq stay index scans however many members an org has: the plans of
// the exact queries /Users runs (listUsers) use the partial indexes of migration 0001/0100.
import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { makeOrg } from '../support/fixtures.js';
import { filterToSql } from '../../src/scim/filter-to-sql.js';
import { resolveUserPath } from '../../src/scim/user-attributes.js';

describeEachDatabase('SCIM lookups use indexes', (kind) => {
  let db: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orgId = (await makeOrg(db.db, { standard: 1, premium: 0 })).org.id;
    await sql`insert into members (org_id, user_name, email, status, created_via, external_id)
      select ${orgId}::uuid, 'u' || g || '@example.com', 'u' || g || '@example.com', 'suspended', 'scim', 'ext-' || g
      from generate_series(1, 20000) g`.execute(db.db);
    await sql`analyze members`.execute(db.db);
  });
  afterAll(async () => { await db.close(); });

  test.each([
    ['userName eq "U77@EXAMPLE.COM"', 'members_user_name_unique'],
    ['externalId eq "ext-77"', 'members_external_id'],
  ])('%s is an index scan on %s', async (filter, index) => {
    const compiled = db.db.selectFrom('members').selectAll('members')
      .where('members.org_id', '=', orgId).where('members.status', '<>', 'deprovisioned')
      .where(filterToSql(filter, resolveUserPath)).orderBy('members.created_at').orderBy('members.id').limit(100).compile();
    const { rows } = await db.db.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `explain ${compiled.sql}` });
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan on members/);
  });
});
