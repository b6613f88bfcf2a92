// Response and input shapes shared by several admin-API routes.
import { z } from 'zod';

export const tier = z.enum(['premium', 'standard']);
export const role = z.enum(['primary_owner', 'owner', 'admin', 'member']);
export const uuid = z.uuid();

const pool = z.object({ purchased: z.int(), claimed: z.int(), available: z.int() });
export const seats = z.object({ premium: pool, standard: pool });

export function withAvailable(counts: Record<'premium' | 'standard', { purchased: number; claimed: number }>): z.infer<typeof seats> {
  const one = (t: 'premium' | 'standard') => ({ ...counts[t], available: counts[t].purchased - counts[t].claimed });
  return { premium: one('premium'), standard: one('standard') };
}

/** `?limit=` as an integer within bounds; query strings arrive as text. */
export function limitParam(max: number, fallback: number) {
  return z.coerce.number().int().min(1).max(max).default(fallback);
}
