// Group members as IdPs really send them. Microsoft's suite adds a member as a bare string
// (`"value": "string id 1"`) and names it with `displayName` instead of RFC 7643 §4.2's
// `display`, then expects that name to read back. Normalized to `{ value, display }`.
// Source: Microsoft SCIM test collection, "Patch add user4 to group1", "Group patch add member".
export interface MemberRef { value: string; display: string | null }

export function memberRefs(raw: unknown): MemberRef[] | null {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const refs: MemberRef[] = [];
  for (const item of list) {
    if (typeof item === 'string') { refs.push({ value: item, display: null }); continue; }
    if (!item || typeof item !== 'object') return null;
    const entries = Object.entries(item as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v] as const);
    const get = (name: string) => entries.find(([k]) => k === name)?.[1];
    const value = get('value');
    if (typeof value !== 'string' || !value) return null;
    const display = get('display') ?? get('displayname');
    refs.push({ value, display: typeof display === 'string' ? display : null });
  }
  return refs;
}
