// The tier catalogue: which seat tiers this deployment sells, best first, with their display names
// and entitlements. It is data (config/tiers.json, read by src/config.ts at start-up); this module
// only validates a parsed value into a frozen Catalogue and holds the one in use. Validation names
// the failing path ("tiers[1].key must be …") so that a bad file stops start-up with one line.
import { z } from 'zod';

export interface Entitlements {
  features: readonly string[];
  limits: { requestsPerDay: number; storageGb: number };
}

export interface TierDefinition {
  key: string;
  /** How people read the tier ("Premium"). */
  name: string;
  entitlements: Entitlements;
}

export interface Catalogue {
  /** Best first: the allocator hands out the first tier with room; an upgrade moves towards the front. */
  tiers: readonly TierDefinition[];
  /** The keys of `tiers`, in the same order. */
  keys: readonly string[];
  /** Feature key → the name people read. */
  features: Readonly<Record<string, string>>;
}

const KEY = /^[a-z][a-z0-9-]{0,31}$/;
const limit = z.number().int().min(0).max(1_000_000_000);
const tierSchema = z.object({
  key: z.string().regex(KEY, 'must be 1 to 32 lower-case letters, digits or "-", starting with a letter'),
  name: z.string().trim().min(1, 'must be a non-empty name').max(60, 'must be at most 60 characters'),
  features: z.array(z.string().regex(KEY, 'must be a feature key of lower-case letters, digits or "-"')).max(100),
  limits: z.object({ requestsPerDay: limit, storageGb: limit }).strict(),
}).strict();
const catalogueSchema = z.object({
  tiers: z.array(tierSchema).min(1, 'must name at least one tier').max(20, 'must name at most 20 tiers'),
  features: z.record(z.string().regex(KEY, 'must be feature keys'), z.string().trim().min(1).max(80)),
}).strict();

/** A catalogue that cannot be used; the message names the path and what it must be. */
export class CatalogueInvalid extends Error {
  constructor(readonly path: string, readonly problem: string) { super(`${path} ${problem}`); }
}

/** Checks a parsed JSON value and freezes it into a Catalogue, or throws CatalogueInvalid. */
export function parseCatalogue(raw: unknown): Catalogue {
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogueInvalid(formatPath(issue.path), issue.code === 'unrecognized_keys' ? `has an unknown field ${JSON.stringify(issue.keys[0])}` : issue.message);
  }
  const { tiers, features } = parsed.data;
  const seen = new Set<string>();
  tiers.forEach((t, i) => {
    // 'highest' means "any tier, best first" in seat requests and preferences: it cannot name a tier.
    if (t.key === 'highest') throw new CatalogueInvalid(`tiers[${i}].key`, 'must not be "highest", which means any tier');
    if (seen.has(t.key)) throw new CatalogueInvalid(`tiers[${i}].key`, `names the tier "${t.key}" a second time`);
    seen.add(t.key);
    t.features.forEach((f, j) => {
      if (!(f in features)) throw new CatalogueInvalid(`tiers[${i}].features[${j}]`, `names the feature "${f}", which "features" does not define`);
    });
  });
  const defs = tiers.map((t) => Object.freeze({
    key: t.key, name: t.name,
    entitlements: Object.freeze({ features: Object.freeze([...t.features]), limits: Object.freeze({ ...t.limits }) }),
  }));
  return Object.freeze({ tiers: Object.freeze(defs), keys: Object.freeze(defs.map((d) => d.key)), features: Object.freeze({ ...features }) });
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the catalogue';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

let active: Catalogue | null = null;

/**
 * Makes `catalogue` the one in use by this process. Called once at start-up by the composition
 * (server, CLI) from the validated configuration; tests call it with their own catalogue.
 */
export function installCatalogue(catalogue: Catalogue): void {
  active = catalogue;
}

/** The catalogue in use. */
export function tierCatalogue(): Catalogue {
  if (!active) throw new Error('The tier catalogue was not loaded: the process must install it at start-up (src/config.ts).');
  return active;
}
