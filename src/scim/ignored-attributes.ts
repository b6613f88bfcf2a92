// Names the attributes of an inbound User body that scimmy's coercion will drop because the
// schema has no such attribute (Microsoft's suite PUTs "adreses" and expects 200). Dropping is
// what the suite and RFC 7643 §2 (unknown attributes are not stored) need; so that it is never
// silent, the names go to the provisioning log beside the change.
import { SCIMMY, ENTERPRISE_USER, SEAT_EXTENSION } from './schemas.js';

type Named = { name?: string; id?: string; attributes?: Named[] };

const definitionOf = (schema: unknown) => (schema as { definition: Named }).definition;

function names(attrs: Named[] | undefined): Set<string> {
  return new Set((attrs ?? []).map((a) => (a.name ?? a.id ?? '').toLowerCase()));
}

export function ignoredUserAttributes(body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const core = names(definitionOf(SCIMMY.Schemas.User).attributes);
  const ext = names(definitionOf(SCIMMY.Schemas.EnterpriseUser).attributes);
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const k = key.toLowerCase();
    if (core.has(k) || k === SEAT_EXTENSION.toLowerCase() || k.startsWith(SEAT_EXTENSION.toLowerCase() + ':')) continue;
    if (k === ENTERPRISE_USER.toLowerCase()) {
      if (value && typeof value === 'object') {
        for (const sub of Object.keys(value)) if (!ext.has(sub.toLowerCase())) ignored.push(`${ENTERPRISE_USER}:${sub}`);
      }
      continue;
    }
    if (k.startsWith(ENTERPRISE_USER.toLowerCase() + ':')) {
      if (!ext.has(k.slice(ENTERPRISE_USER.length + 1).split('.')[0]!)) ignored.push(key);
      continue;
    }
    ignored.push(key);
  }
  return ignored.slice(0, 50).map((n) => n.slice(0, 200));
}
