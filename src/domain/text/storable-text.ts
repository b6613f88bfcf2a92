// Whether a string can be stored as text. PostgreSQL text refuses U+0000 (SQLSTATE 22021, which
// used to surface as a SCIM 503 that Entra and Okta retry for days), and an unpaired UTF-16
// surrogate has no UTF-8 form, so the driver would silently store U+FFFD in its place. Pure
// functions: the edges call them where input enters (src/web/unstorable-text.ts, the SAML and
// OIDC edges) and answer 400 naming the field; nothing of such a request is stored.

export type TextFault = 'nul' | 'lone-surrogate';

export interface TextProblem {
  /** Where in the value, e.g. `Operations[0].value` ('' for the value itself). */
  path: string;
  fault: TextFault | 'too-deep';
}

/** Far deeper than any SCIM, admin-API or SSO document; bounds the walk over hostile input. */
export const MAX_JSON_DEPTH = 32;

const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

export function textFault(s: string): TextFault | null {
  if (s.includes('\u0000')) return 'nul';
  return isWellFormed(s) ? null : 'lone-surrogate';
}

export function isStorableText(s: string): boolean {
  return textFault(s) === null;
}

/** The first key or string value in a parsed JSON value that is not storable text, with its path. */
export function findUnstorableText(value: unknown, maxDepth = MAX_JSON_DEPTH): TextProblem | null {
  const path: Array<string | number> = [];
  const at = (fault: TextProblem['fault']): TextProblem => ({ path: renderPath(path), fault });
  // Loops rather than entries() arrays: a 10,000-member group PATCH is walked on every request.
  const walk = (v: unknown, depth: number): TextProblem | null => {
    if (typeof v === 'string') {
      const fault = textFault(v);
      return fault ? at(fault) : null;
    }
    if (v === null || typeof v !== 'object') return null;
    if (depth >= maxDepth) return at('too-deep');
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const found = walk(v[i], depth + 1);
        path.pop();
        if (found) return found;
      }
      return null;
    }
    for (const key of Object.keys(v)) {
      path.push(key);
      const keyFault = textFault(key);
      const found = keyFault ? at(keyFault) : walk((v as Record<string, unknown>)[key], depth + 1);
      path.pop();
      if (found) return found;
    }
    return null;
  };
  return walk(value, 0);
}

export function describeTextFault(fault: TextProblem['fault']): string {
  switch (fault) {
    case 'nul': return 'contains a NUL character (U+0000), which cannot be stored as text';
    case 'lone-surrogate': return 'contains an unpaired UTF-16 surrogate, which is not Unicode text';
    case 'too-deep': return `is nested more than ${MAX_JSON_DEPTH} levels deep`;
  }
}

const BARE_KEY = /^[A-Za-z_$][\w$:.-]*$/;

/** `Operations[0].value`; odd keys quoted, with NULs, controls and lone surrogates escaped, so the path itself is safe to store and show. */
export function renderPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => {
    if (typeof p === 'number') return `[${p}]`;
    if (BARE_KEY.test(p) && p.length <= 80) return i === 0 ? p : `.${p}`;
    return `["${escapeForDisplay(p.length > 80 ? `${p.slice(0, 77)}...` : p)}"]`;
  }).join('');
}

/** The text with each NUL and unpaired surrogate written as \uXXXX, the rest as it was: for records of refused input. */
export function storableForm(s: string): string {
  return isStorableText(s) ? s : rewriteUnits(s, (c) => (c === 0 ? hex(c) : null));
}

/** Escapes `"`, `\`, control characters and unpaired surrogates as \uXXXX; a well-formed pair stays. */
export function escapeForDisplay(s: string): string {
  return rewriteUnits(s, (c) => (c < 0x20 || c === 0x7f ? hex(c) : c === 0x22 || c === 0x5c ? `\\${String.fromCharCode(c)}` : null));
}

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** Copies `s` unit by unit: surrogate pairs kept, unpaired surrogates escaped, other units as `other` says (null: unchanged). */
function rewriteUnits(s: string, other: (c: number) => string | null): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { out += s.slice(i, i + 2); i++; continue; }
    out += c >= 0xd800 && c <= 0xdfff ? hex(c) : other(c) ?? s[i];
  }
  return out;
}
