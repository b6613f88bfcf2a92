// Response and input shapes shared by several admin-API routes.
import { z } from 'zod';
import { isTier, tiersByPriority } from '../domain/seats/tiers.js';

/** A tier key of the catalogue in use, checked when a request arrives (GET /api/v1/tiers lists them). */
export const tier = z.string().max(32).refine(isTier, { error: () => `must be a tier of the catalogue: one of ${tiersByPriority().join(', ')}` })
  .describe('a tier key of the catalogue (GET /api/v1/tiers), e.g. premium or standard');
export const role = z.enum(['primary_owner', 'owner', 'admin', 'member']);
export const uuid = z.uuid();

const pool = z.object({ purchased: z.int(), claimed: z.int(), available: z.int() });
/** One entry per catalogue tier, best first (premium and standard by default). */
export const seats = z.record(z.string(), pool).describe('per tier key of the catalogue, best tier first');

export function withAvailable(counts: Record<string, { purchased: number; claimed: number }>): z.infer<typeof seats> {
  return Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, { ...c, available: c.purchased - c.claimed }]));
}

/** `?limit=` as an integer within bounds; query strings arrive as text. */
export function limitParam(max: number, fallback: number) {
  return z.coerce.number().int().min(1).max(max).default(fallback);
}
