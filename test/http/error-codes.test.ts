// The set of error codes is closed: every code a DomainError can carry is listed once in
// src/domain/errors.ts, and the one table has a row for each — checked by the compiler (the
// type-level lines below are part of `npm run typecheck`) and again at run time, because a code
// without a row used to become a 500, or a 503 that Entra and Okta retry for days.
import { DOMAIN_ERROR_CODES, ERROR_CODES, SSO_REJECTION_CODES, DomainError, type ErrorCode } from '../../src/domain/errors.js';
import * as errors from '../../src/domain/errors.js';
import { ERROR_TABLE, type ErrorMapping } from '../../src/web/error-table.js';

// Type level: the table is total over ErrorCode, and a table missing a code does not compile.
const total: Record<ErrorCode, ErrorMapping> = ERROR_TABLE;
const { SEATS_EXHAUSTED: _dropped, ...withoutOne } = ERROR_TABLE;
// @ts-expect-error a table without the SEATS_EXHAUSTED row is not an error table
const partial: typeof ERROR_TABLE = withoutOne;
// @ts-expect-error a code outside the closed set is not an ErrorCode
const unknownCode: ErrorCode = 'NO_SUCH_CODE';
class _Invented extends DomainError {
  // @ts-expect-error a DomainError cannot invent a code that has no row
  readonly code = 'INVENTED_HERE';
}

describe('the closed set of error codes', () => {
  test('every code has exactly one row, and every row is a code', () => {
    expect(Object.keys(total).sort()).toEqual([...ERROR_CODES].sort());
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(partial).toBeDefined();
    expect(unknownCode).toBe('NO_SUCH_CODE');
  });

  test('the SSO rejection codes and the domain codes do not overlap', () => {
    const domain = new Set<string>(DOMAIN_ERROR_CODES);
    expect(SSO_REJECTION_CODES.filter((c) => domain.has(c))).toEqual([]);
  });

  test('every exported DomainError subclass carries a listed code', () => {
    const classes = (Object.values(errors) as unknown[]).filter((v): v is new (...a: unknown[]) => DomainError =>
      typeof v === 'function' && v.prototype instanceof DomainError);
    expect(classes.length).toBeGreaterThan(40);
    for (const C of classes) {
      // Constructed without arguments only to read `code`: the messages may say "undefined".
      const instance = new C(...argsFor(C));
      expect([C.name, ERROR_CODES.includes(instance.code)]).toEqual([C.name, true]);
    }
  });
});

function argsFor(C: { name: string }): unknown[] {
  const counts = { premium: { purchased: 0, claimed: 0 }, standard: { purchased: 0, claimed: 0 } };
  if (C.name === 'NoSeatsAvailable') return [counts];
  if (C.name === 'GroupMemberUnknown') return [['x']];
  if (C.name === 'TierNotInCatalogue') return [['gold'], 'members'];
  if (C.name === 'DomainVerificationFailed') return ['d', 'r', []];
  if (C.name === 'SsoRejected') return ['SAML_REJECTED', 'm'];
  return ['x', 'y', 'z'];
}
