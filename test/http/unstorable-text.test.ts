// Reading URLs the way the text check does: percent-escapes as UTF-8 bytes, each query parameter
// named, a stray `%` tolerated in the query (as express's parser does) but not in the path.
import { fieldName, invalidInputFor, unstorableInUrl } from '../../src/web/unstorable-text.js';

describe('text in URLs', () => {
  test.each([
    ['/scim/v2/Users?filter=userName%20eq%20%22ada%40example.com%22', null],
    ['/api/v1/members?after=6f1c%E2%80%94x&limit=5', null],
    ['/Users?filter=displayName%20co%20%2250%%22', null],
    ['/Users?filter=displayName co "Zoë 👩"', null],
    ['/login?email=%C3%A9l%C3%A9onore%40example.com', null],
    ['/invite/abc%F0%9F%91%A9', null],
    ['/Users?filter=userName%20eq%20%22a%00%22', { where: 'query', name: 'filter', fault: 'nul' }],
    ['/Users?startIndex=1&Filter=%ED%A0%80', { where: 'query', name: 'Filter', fault: 'lone-surrogate' }],
    ['/Users?x%00y=1', { where: 'query', name: 'x\u0000y', fault: 'nul' }],
    ['/logs?cursor=%FF%FE', { where: 'query', name: 'cursor', fault: 'invalid-utf8' }],
    ['/logs?cursor=%C3', { where: 'query', name: 'cursor', fault: 'invalid-utf8' }],
    ['/Users/%00', { where: 'path', name: '', fault: 'nul' }],
    ['/Users/%ed%b0%80', { where: 'path', name: '', fault: 'lone-surrogate' }],
    ['/Users/%zz', { where: 'path', name: '', fault: 'bad-escape' }],
    ['/Users/50%', { where: 'path', name: '', fault: 'bad-escape' }],
  ])('%s', (url, expected) => {
    expect(unstorableInUrl(url)).toEqual(expected);
  });

  test('names the field so that the name itself is safe to show and store', () => {
    expect(fieldName({ where: 'query', name: 'x\u0000y', fault: 'nul' })).toBe('query parameter "x\\u0000y"');
    expect(invalidInputFor({ where: 'body', name: 'Operations[0].value', fault: 'lone-surrogate' }).message)
      .toBe('Operations[0].value: contains an unpaired UTF-16 surrogate, which is not Unicode text');
    expect(invalidInputFor({ where: 'body', name: '', fault: 'invalid-utf8' }).message).toBe('the request body: is not valid UTF-8 text');
  });
});
