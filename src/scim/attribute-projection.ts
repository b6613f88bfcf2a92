// attributes / excludedAttributes applied to an already-built SCIM resource by walking plain
// objects, without building and validating a scimmy resource per row. The names are resolved
// once per request against scimmy's schema definition (so unknown names are still a 400, and
// their canonical spelling and `returned` rules come from the schema), then every row is
// projected with a few property lookups. Semantics: RFC 7644 §3.4.2.5 — `id` is always
// returned; a sub-attribute of a multi-valued attribute is projected in every element; an
// extension's attributes live under its schema URN.
import { SCIMMY } from './schemas.js';

type Json = Record<string, unknown>;

/** A resolved attribute path: keys as they appear in our resources. */
export type AttributePath = string[];

interface AttributeLike { name: string; type: unknown; config: { returned?: unknown }; subAttributes?: AttributeLike[] }
interface DefinitionLike { id: string; attributes: unknown[]; attribute(name: string): unknown }

export function resolvePaths(definition: unknown, names: string[], mode: 'include' | 'exclude'): AttributePath[] {
  const def = definition as DefinitionLike;
  const paths: AttributePath[] = [];
  for (const given of names) {
    // Microsoft's suite sends `attributes=emails[type eq "work"]`: the attribute is returned whole, as scimmy did.
    const name = given.replace(/\[[^\]]*\]/g, '');
    let target: unknown;
    try { target = def.attribute(name); } catch {
      throw new SCIMMY.Types.Error(400, 'invalidValue', 'The attribute list names an attribute this resource does not have.');
    }
    const path = canonical(def, name, target);
    // `id` (returned "always") cannot be excluded; "never" attributes are never there to begin with.
    if (mode === 'exclude' && (target as AttributeLike).config?.returned === 'always') continue;
    paths.push(path);
  }
  return paths;
}

function canonical(def: DefinitionLike, name: string, target: unknown): AttributePath {
  let rest = name;
  const prefix: string[] = [];
  if (name.toLowerCase().startsWith('urn:')) {
    const ext = def.attributes.find((a) => (a as DefinitionLike).id !== undefined && name.toLowerCase().startsWith((a as DefinitionLike).id.toLowerCase())) as DefinitionLike | undefined;
    const owner = ext ?? def;
    if (ext) prefix.push(ext.id);
    rest = name.slice(owner.id.length + 1);
    if (!rest) return prefix;
  }
  const out: string[] = [];
  let scope = def.attributes as AttributeLike[];
  if (prefix.length) scope = (def.attributes.find((a) => (a as DefinitionLike).id === prefix[0]) as DefinitionLike).attributes as AttributeLike[];
  for (const part of rest.split('.')) {
    const attr = scope.find((a) => a && typeof a.name === 'string' && a.name.toLowerCase() === part.toLowerCase());
    out.push(attr?.name ?? part);
    scope = attr?.subAttributes ?? [];
  }
  void target;
  return [...prefix, ...out];
}

/** Only `paths` (plus `schemas` and `id`). */
export function includeOnly(full: Json, paths: AttributePath[]): Json {
  const out: Json = {};
  for (const path of paths) pick(full, out, path);
  return out;
}

/** Everything but `paths`. `full` is the caller's fresh object and is changed in place. */
export function excludeFrom(full: Json, paths: AttributePath[]): Json {
  for (const path of paths) drop(full, path);
  return full;
}

function pick(src: Json, dst: Json, path: AttributePath): void {
  const [head, ...rest] = path;
  const value = src[head!];
  if (value === undefined) return;
  if (!rest.length) { dst[head!] = value; return; }
  if (Array.isArray(value)) {
    const existing = Array.isArray(dst[head!]) ? dst[head!] as Json[] : value.map(() => ({}));
    value.forEach((element, i) => { if (element && typeof element === 'object') pick(element as Json, existing[i]!, rest); });
    dst[head!] = existing;
  } else if (value && typeof value === 'object') {
    const inner = (dst[head!] && typeof dst[head!] === 'object' ? dst[head!] : {}) as Json;
    pick(value as Json, inner, rest);
    if (Object.keys(inner).length) dst[head!] = inner;
  }
}

function drop(src: Json, path: AttributePath): void {
  const [head, ...rest] = path;
  if (!(head! in src)) return;
  if (!rest.length) { delete src[head!]; return; }
  const value = src[head!];
  if (Array.isArray(value)) src[head!] = value.map((e) => (e && typeof e === 'object' ? (drop(e = { ...e }, rest), e) : e));
  else if (value && typeof value === 'object') { const copy = { ...(value as Json) }; drop(copy, rest); src[head!] = copy; }
}
