// Loaders for the admin-API answers several pages share: who is signed in (GET /api/v1/me), the
// overview (GET /api/v1/overview), and one page of the members list (search, filters, sort, a
// cursor and the total of every match).
import { api } from './api.js';
import type { Me, Member, Overview } from './types.js';

export const loadMe = (): Promise<Me> => api<Me>('GET', '/me');

export const loadOverview = (): Promise<Overview> => api<Overview>('GET', '/overview');

export interface MemberQuery {
  q?: string; role?: string; status?: string; tier?: string; method?: string;
  sort?: 'email' | 'createdAt' | 'role' | 'tier' | 'status'; order?: 'asc' | 'desc'; limit?: number;
}
export interface MemberPage { members: Member[]; next: string | null; total: number }

/** One page of members; `cursor` is the `next` of the page before (null for the first). */
export function listMembers(query: MemberQuery, cursor: string | null): Promise<MemberPage> {
  return api<MemberPage>('GET', '/members', { query: { ...query, ...(cursor ? { cursor } : {}) } });
}
