// Query parameters of a SCIM list (RFC 7644 §3.4.2): filter, startIndex/count, sortBy/sortOrder.
// Paging numbers must be integers (Okta sends count=100); startIndex below 1 counts as 1 and a
// negative count as 0 (§3.4.2.4); count is capped at the advertised maxResults. The order is
// always total (sort key, then created_at, then id) so pages never overlap or skip.
import { SCIMMY, MAX_RESULTS, LIST_RESPONSE } from './schemas.js';

export interface ListParams {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  descending: boolean;
}

const DEFAULT_COUNT = 100;

export function parseListParams(query: Record<string, unknown>): ListParams {
  const filter = single(query, 'filter');
  const sortBy = single(query, 'sortBy');
  const sortOrder = single(query, 'sortOrder');
  if (sortOrder !== undefined && !['ascending', 'descending'].includes(sortOrder.toLowerCase())) {
    throw new SCIMMY.Types.Error(400, 'invalidValue', 'sortOrder must be "ascending" or "descending".');
  }
  return {
    ...(filter !== undefined ? { filter } : {}),
    ...(sortBy !== undefined && sortBy.trim() ? { sortBy: sortBy.trim() } : {}),
    startIndex: Math.max(1, integer(query, 'startIndex', 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, integer(query, 'count', DEFAULT_COUNT))),
    descending: sortOrder?.toLowerCase() === 'descending',
  };
}

export function listResponse(resources: unknown[], total: number, params: ListParams): Record<string, unknown> {
  return { schemas: [LIST_RESPONSE], totalResults: total, startIndex: params.startIndex, itemsPerPage: resources.length, Resources: resources };
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : query[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new SCIMMY.Types.Error(400, 'invalidValue', `${name} must be given once.`);
  return v;
}

function integer(query: Record<string, unknown>, name: string, fallback: number): number {
  const v = single(query, name);
  if (v === undefined || v === '') return fallback;
  if (!/^-?\d{1,9}$/.test(v.trim())) throw new SCIMMY.Types.Error(400, 'invalidValue', `${name} must be an integer.`);
  return Number(v);
}
