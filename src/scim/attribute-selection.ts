// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5), applied with scimmy's schema-aware
// filtering. `id` and `schemas` are always returned. Our seat extension is not a scimmy schema
// (scimmy only accepts urn:ietf:params:scim:schemas:* ids), so it is selected here.
import { SCIMMY, SEAT_EXTENSION } from './schemas.js';

type Json = Record<string, unknown>;

export interface AttributeSelection { mode: 'include' | 'exclude'; filter: unknown; seat: boolean }

const MAX_LIST = 100;

export function parseSelection(attributes: unknown, excluded: unknown): AttributeSelection | undefined {
  const raw = attributes !== undefined ? attributes : excluded;
  if (raw === undefined) return undefined;
  const mode = attributes !== undefined ? 'include' : 'exclude';
  if (typeof raw !== 'string' || !raw.trim()) throw new SCIMMY.Types.Error(400, 'invalidValue', `${mode === 'include' ? 'attributes' : 'excludedAttributes'} must be a comma-separated list.`);
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length > MAX_LIST) throw new SCIMMY.Types.Error(400, 'invalidValue', `At most ${MAX_LIST} attribute names.`);
  const seatNames = names.filter((n) => n.toLowerCase().startsWith(SEAT_EXTENSION.toLowerCase()));
  const others = names.filter((n) => !seatNames.includes(n));
  let filter: unknown = undefined;
  if (others.length) {
    try {
      filter = new SCIMMY.Types.Filter(others.map((a) => `${a} ${mode === 'include' ? 'pr' : 'np'}`).join(' and '));
    } catch {
      throw new SCIMMY.Types.Error(400, 'invalidValue', `"${raw}" is not a list of attribute names.`);
    }
  }
  return { mode, filter, seat: mode === 'include' ? seatNames.length > 0 : seatNames.length === 0 };
}

export function applySelection(definition: unknown, full: Json, selection: AttributeSelection): Json {
  const def = definition as { coerce(d: Json, dir: string, base?: string, filter?: unknown): Json };
  let trimmed: Json;
  if (selection.filter) {
    try {
      trimmed = JSON.parse(JSON.stringify(def.coerce(full, 'out', undefined, selection.filter))) as Json;
    } catch {
      throw new SCIMMY.Types.Error(400, 'invalidValue', 'The attribute list names an attribute this resource does not have.');
    }
  } else {
    trimmed = selection.mode === 'include' ? {} : { ...full };
  }
  const seat = full[SEAT_EXTENSION];
  delete trimmed[SEAT_EXTENSION];
  const schemas = (full.schemas as string[]).filter((s) => s !== SEAT_EXTENSION || (selection.seat && seat));
  return { schemas, id: full.id, ...trimmed, ...(selection.seat && seat ? { [SEAT_EXTENSION]: seat } : {}) };
}
