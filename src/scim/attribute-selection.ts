// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): parsed once per request (scimmy
// checks the names' syntax), resolved once per resource type against scimmy's schema, applied
// to each row by attribute-projection.ts. `id` and `schemas` are always returned. Our seat extension is not a scimmy schema
// (scimmy only accepts urn:ietf:params:scim:schemas:* ids), so it is selected here.
import { SCIMMY, SEAT_EXTENSION } from './schemas.js';
import { excludeFrom, includeOnly, resolvePaths, type AttributePath } from './attribute-projection.js';

type Json = Record<string, unknown>;

export interface AttributeSelection {
  mode: 'include' | 'exclude'; filter: unknown; seat: boolean;
  /** The names other than the seat extension's, as given. */
  names: string[];
  /** Resolved paths per schema definition, filled on first use in this request. */
  resolved?: Map<unknown, AttributePath[]>;
}

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
  return { mode, filter, seat: mode === 'include' ? seatNames.length > 0 : seatNames.length === 0, names: others };
}

export function applySelection(definition: unknown, full: Json, selection: AttributeSelection): Json {
  const resolved = (selection.resolved ??= new Map());
  let paths = resolved.get(definition);
  if (!paths) { paths = resolvePaths(definition, selection.names, selection.mode); resolved.set(definition, paths); }
  const seat = full[SEAT_EXTENSION];
  const schemas = (full.schemas as string[]).filter((s) => s !== SEAT_EXTENSION || (selection.seat && seat));
  const trimmed = selection.mode === 'include' ? includeOnly(full, paths) : excludeFrom({ ...full }, paths);
  delete trimmed[SEAT_EXTENSION];
  delete trimmed.schemas;
  delete trimmed.id;
  return { schemas, id: full.id, ...trimmed, ...(selection.seat && seat ? { [SEAT_EXTENSION]: seat } : {}) };
}
