// Loaders for the three admin-API answers that issue 10's server side adds (GET /api/v1/me,
// GET /api/v1/overview, and the members list with search, sort and a total). Where the server
// does not have them yet (404 NOT_FOUND), each is composed from the routes that exist, so the
// console works against either; the composition is the only code here and goes once they ship.
import { api, ApiError } from './api.js';
import type { AlertState, Contract, Me, Member, Org, Overview, Role, Seats } from './types.js';

const missing = (err: unknown) => err instanceof ApiError && err.status === 404 && err.code === 'NOT_FOUND';

export async function loadMe(): Promise<Me> {
  try {
    return await api<Me>('GET', '/me');
  } catch (err) {
    if (!missing(err)) throw err;
  }
  // Before GET /api/v1/me: the session endpoint /me, plus the organization.
  const res = await fetch('/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiError(res.status, 'SESSION_REQUIRED', 'Your session has ended. Sign in again to continue.', null, null);
  const session = await res.json() as { member: { id: string; email: string; role: Role } };
  const org = await api<Org>('GET', '/org');
  return { member: { ...session.member, displayName: null }, org: { id: org.id, slug: org.slug, name: org.name } };
}

export async function loadOverview(role: Role): Promise<Overview> {
  try {
    return normalizeOverview(await api<Overview>('GET', '/overview'));
  } catch (err) {
    if (!missing(err)) throw err;
  }
  const [seats, contract, alerts] = await Promise.all([
    api<Seats>('GET', '/seats'),
    api<Contract>('GET', '/contract').catch((e) => { if (e instanceof ApiError && e.code === 'CONTRACT_NOT_FOUND') return null; throw e; }),
    role === 'admin' ? Promise.resolve({ alerts: [] as AlertState[] }) : api<{ alerts: AlertState[] }>('GET', '/alerts/state'),
  ]);
  return normalizeOverview({
    seats: { premium: { ...seats.premium, free: seats.premium.available }, standard: { ...seats.standard, free: seats.standard.available } },
    contract: contract && { termStart: contract.termStart, termEnd: contract.termEnd, renewalDate: contract.autoRenew ? contract.termEnd : null, autoRenew: contract.autoRenew, status: contract.status, currency: contract.currency },
    alerts: alerts.alerts.filter((a) => a.active).map((a) => ({ alert: a.alert, raisedAt: a.raisedAt })),
    seatRequests: null,
  });
}

/** Tolerates `available` for `free` and a missing field, so a small shape difference never blanks the page. */
function normalizeOverview(o: Overview): Overview {
  const tier = (t: 'premium' | 'standard') => {
    const p = (o.seats?.[t] ?? {}) as Partial<{ purchased: number; claimed: number; free: number; available: number }>;
    const purchased = p.purchased ?? 0;
    const claimed = p.claimed ?? 0;
    return { purchased, claimed, free: p.free ?? p.available ?? purchased - claimed };
  };
  return { seats: { premium: tier('premium'), standard: tier('standard') }, contract: o.contract ?? null, alerts: o.alerts ?? [], seatRequests: o.seatRequests ?? null };
}

export interface MemberQuery {
  q?: string; role?: string; status?: string; tier?: string; method?: string;
  sort?: 'email' | 'createdAt' | 'role' | 'tier' | 'status'; order?: 'asc' | 'desc'; limit?: number;
}
export interface MemberPage { members: Member[]; next: string | null; total: number | null }

/** One page; `next` from the previous page. The older list pages with `after`, the newer with `cursor`. */
export async function listMembers(query: MemberQuery, next: string | null, newerApi: boolean | null): Promise<MemberPage & { newerApi: boolean }> {
  const paging = next ? (newerApi === false ? { after: next } : { cursor: next }) : {};
  const page = await api<{ members: Member[]; next: string | null; total?: number }>('GET', '/members', { query: { ...query, ...paging } });
  return { members: page.members, next: page.next, total: page.total ?? null, newerApi: page.total !== undefined };
}
