// attributes / excludedAttributes are applied without building a scimmy resource per row
// (src/scim/attribute-projection.ts). The oracle is the scimmy-based projection it replaced
// (scimmy's SchemaDefinition.coerce with an `a pr` / `a np` filter): on a full User and a full
// Group, both must answer the same for every selection below.
import { SCIMMY, ENTERPRISE_USER, SEAT_EXTENSION } from '../../src/scim/schemas.js';
import { applySelection, parseSelection, type AttributeSelection } from '../../src/scim/attribute-selection.js';
import { memberToScim } from '../../src/scim/user-resource.js';
import { groupToScim } from '../../src/scim/group-resource.js';
import type { Group, Member } from '../../src/db/schema.js';

type Json = Record<string, unknown>;

function oracle(definition: unknown, full: Json, selection: AttributeSelection): Json {
  const def = definition as { coerce(d: Json, dir: string, base?: string, filter?: unknown): Json };
  const trimmed: Json = selection.filter ? JSON.parse(JSON.stringify(def.coerce(full, 'out', undefined, selection.filter))) as Json
    : selection.mode === 'include' ? {} : { ...full };
  const seat = full[SEAT_EXTENSION];
  delete trimmed[SEAT_EXTENSION];
  const schemas = (full.schemas as string[]).filter((s) => s !== SEAT_EXTENSION || (selection.seat && seat));
  return { schemas, id: full.id, ...trimmed, ...(selection.seat && seat ? { [SEAT_EXTENSION]: seat } : {}) };
}

const at = new Date('2026-01-02T03:04:05.678Z');
const member = {
  id: '5b0a4c39-6a4e-4a8e-9a3e-0e7e3f0c9a11', org_id: 'o', user_name: 'ada@example.com', email: 'ada@example.com', status: 'active',
  seat_tier: 'premium', display_name: 'Ada L', given_name: 'Ada', family_name: 'Lovelace', external_id: 'ext-1', created_at: at, updated_at: at,
  scim_attributes: {
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }, { value: 'ada@home.example', type: 'home' }],
    phoneNumbers: [{ value: '+1 555', type: 'work' }], title: 'Countess', name: { formatted: 'Ada Lovelace', middleName: 'King' },
    [ENTERPRISE_USER]: { employeeNumber: '42', department: 'Math', manager: { value: 'm-1', displayName: 'Babbage' } },
  },
} as unknown as Member;
const group = { id: 'g-1', org_id: 'o', display_name: 'Engineers', external_id: 'gx', created_at: at, updated_at: at } as unknown as Group;
const user = memberToScim(member, 'https://sg.example/scim/v2');
const groupFull = groupToScim(group, [{ group_id: 'g-1', member_id: 'm1', display: 'Ada' }, { group_id: 'g-1', member_id: 'm2', display: null }] as never, 'https://sg.example/scim/v2');

describe('attribute projection without scimmy matches scimmy', () => {
  test.each([
    ['userName'], ['USERNAME,active'], ['name'], ['emails'], ['meta'], ['externalId,displayName'], [`${ENTERPRISE_USER}:employeeNumber`],
    [`${ENTERPRISE_USER}:manager.value`], [ENTERPRISE_USER], ['title,phoneNumbers.value'], ['id'], [`${SEAT_EXTENSION},userName`],
  ])('User attributes=%s', (names) => {
    const selection = parseSelection(names, undefined)!;
    expect(applySelection(SCIMMY.Schemas.User.definition, memberToScim(member, 'https://sg.example/scim/v2'), selection))
      .toEqual(oracle(SCIMMY.Schemas.User.definition, user, selection));
  });

  test.each([
    ['userName'], ['emails'], ['emails.type'], ['name.givenName,meta'], [`${ENTERPRISE_USER}:manager`], [ENTERPRISE_USER], ['id'],
  ])('User excludedAttributes=%s', (names) => {
    const selection = parseSelection(undefined, names)!;
    expect(applySelection(SCIMMY.Schemas.User.definition, memberToScim(member, 'https://sg.example/scim/v2'), selection))
      .toEqual(oracle(SCIMMY.Schemas.User.definition, user, selection));
  });

  test.each([
    ['attributes', 'displayName'], ['attributes', 'members.value'], ['attributes', 'members'], ['excludedAttributes', 'members'], ['excludedAttributes', 'members.display,meta'],
  ])('Group %s=%s', (kind, names) => {
    const selection = (kind === 'attributes' ? parseSelection(names, undefined) : parseSelection(undefined, names))!;
    expect(applySelection(SCIMMY.Schemas.Group.definition, { ...groupFull }, selection)).toEqual(oracle(SCIMMY.Schemas.Group.definition, groupFull, selection));
  });

  // Where scimmy strays from RFC 7644 §3.4.2.5, the projection follows the RFC: scimmy adds the
  // whole Enterprise extension to any dotted name, ignores a core-URN-qualified name, and keeps our
  // seat extension in `schemas` after excluding it.
  test.each([
    ['name.givenName', { name: { givenName: 'Ada' } }],
    ['emails.value', { emails: [{ value: 'ada@example.com' }, { value: 'ada@home.example' }] }],
    ['emails.type,emails.value', { emails: [{ value: 'ada@example.com', type: 'work' }, { value: 'ada@home.example', type: 'home' }] }],
    ['meta.created', { meta: { created: at.toISOString() } }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName', { userName: 'ada@example.com' }],
    // Microsoft's suite asks for `emails[type eq "work"]` and expects the emails back.
    ['emails[type eq "work"]', { emails: (user.emails as unknown[]) }],
  ])('User attributes=%s returns exactly that (RFC 7644 §3.4.2.5)', (names, expected) => {
    const out = applySelection(SCIMMY.Schemas.User.definition, memberToScim(member, 'x'), parseSelection(names, undefined)!);
    expect(out).toEqual({ schemas: (user.schemas as string[]).filter((s) => s !== SEAT_EXTENSION), id: member.id, ...expected });
  });

  test('excludedAttributes=<seat extension> drops it and its schema URN', () => {
    const out = applySelection(SCIMMY.Schemas.User.definition, memberToScim(member, 'x'), parseSelection(undefined, SEAT_EXTENSION)!);
    expect(out[SEAT_EXTENSION]).toBeUndefined();
    expect(out.schemas).not.toContain(SEAT_EXTENSION);
    expect(out.userName).toBe('ada@example.com');
  });

  test.each([['nope'], ['name.nope'], ['userName.x']])('an unknown attribute (%s) is a 400 invalidValue', (names) => {
    expect(() => applySelection(SCIMMY.Schemas.User.definition, memberToScim(member, 'x'), parseSelection(names, undefined)!))
      .toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
  });
});
