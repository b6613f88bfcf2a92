// A member as a SCIM User and back. Inbound, scimmy coerces the body against the User schema
// (with the Enterprise extension): unknown attributes are dropped, read-only ones (id, meta, our
// seat tier) ignored, wrong types refused; `password` is removed before anything is kept or
// logged. Outbound, the representation is built from the row and trimmed by attributes /
// excludedAttributes with scimmy.
import type { Member } from '../db/schema.js';
import { normalizeEmail } from '../domain/members/email.js';
import { SCIMMY, CORE_USER, ENTERPRISE_USER, SEAT_EXTENSION } from './schemas.js';
import { invalidValue } from './scim-error.js';
import type { AttributeSelection } from './attribute-selection.js';
import { applySelection } from './attribute-selection.js';

type Json = Record<string, unknown>;

export interface UserFields {
  userName: string;
  email: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
  scimAttributes: Json;
}

const COLUMN_ATTRIBUTES = new Set(['schemas', 'id', 'meta', 'userName', 'externalId', 'active', 'displayName', 'password', 'groups']);

/** Validates an inbound User body (already through the quirk normalizers) into member fields. */
export function userFieldsFromScim(body: unknown): UserFields {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SCIMMY.Types.Error(400, 'invalidSyntax', 'The request body must be a JSON object.');
  const coerced = coerceUser(withoutSeatExtension(body as Json));
  const scimAttributes: Json = {};
  for (const [k, v] of Object.entries(coerced)) if (!COLUMN_ATTRIBUTES.has(k)) scimAttributes[k] = v;
  const name = (coerced.name ?? {}) as Json;
  return {
    userName: String(coerced.userName),
    email: pickEmail(coerced),
    displayName: str(coerced.displayName),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    externalId: str(coerced.externalId),
    active: coerced.active === undefined ? true : Boolean(coerced.active),
    scimAttributes,
  };
}

export function memberToScim(m: Member, baseUrl: string, selection?: AttributeSelection): Json {
  const extra = (m.scim_attributes ?? {}) as Json;
  const name = { ...((extra.name as Json) ?? {}), ...(m.given_name ? { givenName: m.given_name } : {}), ...(m.family_name ? { familyName: m.family_name } : {}) };
  const full: Json = {
    schemas: [CORE_USER, ...(extra[ENTERPRISE_USER] ? [ENTERPRISE_USER] : []), ...(m.seat_tier ? [SEAT_EXTENSION] : [])],
    id: m.id,
    ...(m.external_id ? { externalId: m.external_id } : {}),
    userName: m.user_name,
    ...(m.display_name ? { displayName: m.display_name } : {}),
    ...extra,
    ...(Object.keys(name).length ? { name } : {}),
    emails: Array.isArray(extra.emails) && extra.emails.length ? extra.emails : [{ value: m.email, type: 'work', primary: true }],
    active: m.status === 'active',
    ...(m.seat_tier ? { [SEAT_EXTENSION]: { tier: m.seat_tier } } : {}),
    meta: {
      resourceType: 'User', created: m.created_at.toISOString(), lastModified: m.updated_at.toISOString(),
      location: `${baseUrl}/Users/${m.id}`,
    },
  };
  return selection ? applySelection(SCIMMY.Schemas.User.definition, full, selection) : full;
}

function coerceUser(body: Json): Json {
  try {
    return JSON.parse(JSON.stringify(new SCIMMY.Schemas.User(body, 'in'))) as Json;
  } catch (err) {
    if (err instanceof SCIMMY.Types.Error) throw err;
    if (err instanceof TypeError) throw invalidValue(err.message);
    throw err;
  }
}

/** Our seat extension is read-only: a client value is ignored (RFC 7643 §7 readOnly). */
function withoutSeatExtension(body: Json): Json {
  const seat = SEAT_EXTENSION.toLowerCase();
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) {
    const lk = k.toLowerCase();
    if (lk === seat || lk.startsWith(seat + ':')) continue;
    out[k] = k === 'schemas' && Array.isArray(v) ? v.filter((s) => String(s).toLowerCase() !== seat) : v;
  }
  return out;
}

/**
 * The member's email column: the primary email if it is an address, else the first email that
 * is, else an email-shaped userName. Non-address values stay in `emails` as sent (Microsoft's
 * suite sends "emailName357").
 */
function pickEmail(u: Json): string {
  const emails = (Array.isArray(u.emails) ? u.emails : []) as Json[];
  const ordered = [...emails.filter((e) => e.primary === true), ...emails.filter((e) => e.primary !== true)];
  for (const candidate of [...ordered.map((e) => e.value), u.userName]) {
    if (typeof candidate !== 'string') continue;
    try { return normalizeEmail(candidate); } catch { /* try the next one */ }
  }
  throw invalidValue('A user needs an email address: in emails[].value or as an email-shaped userName.');
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
