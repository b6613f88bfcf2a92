import { sql } from 'kysely';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, uniqueSlug } from '../support/fixtures.js';
import { createOrg, getOrgBySlug, listOrgs, type NewOrgInput } from '../../src/domain/orgs/orgs.js';
import { orgIdForDomain, verifiedDomains } from '../../src/domain/orgs/domains.js';
import { slugify } from '../../src/domain/orgs/slug.js';

describeEachDatabase('organizations', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });

  const input = (over: Partial<NewOrgInput> = {}): NewOrgInput => {
    const slug = uniqueSlug();
    return { name: `Org ${slug}`, slug, domains: [`${slug}.example.com`], seats: { premium: 1, standard: 2 }, ...over };
  };

  async function rowCounts() {
    const { rows } = await sql<Record<string, number>>`select
      (select count(*)::int from organizations) as organizations, (select count(*)::int from org_domains) as domains,
      (select count(*)::int from seat_pools) as pools, (select count(*)::int from members) as members,
      (select count(*)::int from provisioning_events) as events`.execute(t.db);
    return rows[0];
  }

  test('the slug defaults to the name lower-cased with hyphens: "Acme Corp" becomes acme-corp', async () => {
    const created = await createOrg(t.db, { name: 'Acme Corp', domains: ['acme.example'], seats: { premium: 0, standard: 3 } }, ctx('cli'));
    expect(created.org.slug).toBe('acme-corp');
    expect((await getOrgBySlug(t.db, 'acme-corp')).name).toBe('Acme Corp');
  });

  test.each([
    ['Acme Corp', 'acme-corp'], ['  Ünïcödé  Café ', 'unicode-cafe'], ['R&D -- Team', 'r-d-team'], ['x'.repeat(80), 'x'.repeat(63)],
  ])('slugify(%p) is %p', (name, slug) => { expect(slugify(name)).toBe(slug); });

  test('creates domains as verified, both seat pools, the seats and the primary owner on a premium seat', async () => {
    const i = input({ domains: ['Main.Example.COM.', 'second.example.com'], primaryOwnerEmail: 'Boss@MAIN.example.com' });
    const created = await createOrg(t.db, i, ctx('cli'));
    expect(created.domains).toEqual(['main.example.com', 'second.example.com']);
    expect(await verifiedDomains(t.db, created.org.id)).toEqual(['main.example.com', 'second.example.com']);
    expect(await orgIdForDomain(t.db, 'SECOND.example.com')).toBe(created.org.id);
    expect(created.seats).toEqual({ premium: { purchased: 1, claimed: 1 }, standard: { purchased: 2, claimed: 0 } });
    expect(created.primaryOwner).toMatchObject({ role: 'primary_owner', email: 'Boss@main.example.com', seat_tier: 'premium', created_via: 'cli' });
    const listed = (await listOrgs(t.db)).find((o) => o.id === created.org.id);
    expect(listed).toMatchObject({ slug: i.slug, members: 1, seats: created.seats });
  });

  const bad: Array<[string, string, () => Partial<NewOrgInput>]> = [
    ['an upper-case slug', 'INVALID_INPUT', () => ({ slug: 'Acme' })],
    ['a slug with a double hyphen', 'INVALID_INPUT', () => ({ slug: 'acme--corp' })],
    ['a slug with an underscore', 'INVALID_INPUT', () => ({ slug: 'acme_corp' })],
    ['a slug starting with a hyphen', 'INVALID_INPUT', () => ({ slug: '-acme' })],
    ['a slug of 64 characters', 'INVALID_INPUT', () => ({ slug: 'a'.repeat(64) })],
    ['a name with no letters to slug', 'INVALID_INPUT', () => ({ name: '!!!', slug: undefined })],
    ['an empty name', 'INVALID_INPUT', () => ({ name: '   ' })],
    ['no domain', 'INVALID_INPUT', () => ({ domains: [] })],
    ['a domain that is not a domain', 'INVALID_INPUT', () => ({ domains: ['not a domain'] })],
    ['negative seats', 'INVALID_INPUT', () => ({ seats: { premium: -1, standard: 0 } })],
    ['fractional seats', 'INVALID_INPUT', () => ({ seats: { premium: 0, standard: 1.5 } })],
    ['a primary owner off the org domains', 'INVALID_INPUT', () => ({ primaryOwnerEmail: 'boss@elsewhere.example.net' })],
    ['a primary owner whose address is malformed', 'INVALID_INPUT', () => ({ primaryOwnerEmail: 'boss' })],
    ['a slug another org has', 'ORG_SLUG_TAKEN', () => ({ slug: 'acme-corp' })],
    ['a domain another org has verified', 'DOMAIN_ALREADY_CLAIMED', () => ({ domains: ['fresh.example.org', 'ACME.example'] })],
    ['a primary owner and no seat to give them', 'SEATS_EXHAUSTED', () => ({ seats: { premium: 0, standard: 0 }, primaryOwnerEmail: 'boss@late-fail.example.com', domains: ['late-fail.example.com'] })],
  ];

  test.each(bad)('refuses %s with %s and writes nothing', async (_name, code, over) => {
    if (!(await listOrgs(t.db)).some((o) => o.slug === 'acme-corp')) {
      await createOrg(t.db, { name: 'Acme Corp', domains: ['acme.example'], seats: { premium: 0, standard: 3 } }, ctx('cli'));
    }
    const before = await rowCounts();
    await expect(createOrg(t.db, input(over()), ctx('cli'))).rejects.toMatchObject({ code });
    expect(await rowCounts()).toEqual(before);
  });

  test('looking up an unknown slug is ORG_NOT_FOUND', async () => {
    await expect(getOrgBySlug(t.db, 'no-such-org')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });
  });
});
