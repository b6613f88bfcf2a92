// A group as a SCIM Group, members included unless excluded (a 10,000-member group is only read
// when asked for). `display` is what the IdP sent, else the member's displayName.
import type { Group } from '../db/schema.js';
import type { GroupMemberRow } from '../domain/groups/groups.js';
import { SCIMMY, CORE_GROUP } from './schemas.js';
import { applySelection, type AttributeSelection } from './attribute-selection.js';

type Json = Record<string, unknown>;

export function groupToScim(g: Group, members: GroupMemberRow[] | null, baseUrl: string, selection?: AttributeSelection): Json {
  const full: Json = {
    schemas: [CORE_GROUP],
    id: g.id,
    ...(g.external_id ? { externalId: g.external_id } : {}),
    displayName: g.display_name,
    ...(members ? {
      members: members.map((m) => ({
        value: m.member_id, ...(m.display ? { display: m.display } : {}), type: 'User', $ref: `${baseUrl}/Users/${m.member_id}`,
      })),
    } : {}),
    meta: { resourceType: 'Group', created: g.created_at.toISOString(), lastModified: g.updated_at.toISOString(), location: `${baseUrl}/Groups/${g.id}` },
  };
  return selection ? applySelection(SCIMMY.Schemas.Group.definition, full, selection) : full;
}

/** Whether a response needs the member list at all. */
export function wantsMembers(selection?: AttributeSelection): boolean {
  if (!selection) return true;
  const expr = (selection.filter as { expression?: string } | undefined)?.expression?.toLowerCase() ?? '';
  const named = /(^|\s)members[\s.[]/.test(expr + ' ');
  return selection.mode === 'include' ? named : !/(^|\s)members\s+np/.test(expr);
}
