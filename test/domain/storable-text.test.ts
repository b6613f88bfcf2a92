// The one test of what counts as storable text, and of the walk that finds the first string that
// is not, with a path a person can read (and that is itself safe to store in the log).
import { describeTextFault, escapeForDisplay, findUnstorableText, isStorableText, storableForm, textFault, MAX_JSON_DEPTH } from '../../src/domain/text/storable-text.js';

describe('storable text', () => {
  test.each([
    ['plain ASCII', 'ada@example.com', null],
    ['accents, CJK and an emoji (a surrogate pair)', 'Zoë 山田 👩‍💻', null],
    ['the replacement character itself', 'a\ufffdb', null],
    ['a tab, a newline and other controls', 'a\tb\nc\u0001', null],
    ['a NUL', 'a\u0000b', 'nul'],
    ['a lone high surrogate', 'a\ud800b', 'lone-surrogate'],
    ['a lone low surrogate', '\udc00', 'lone-surrogate'],
    ['a high surrogate at the very end', 'x\ud83d', 'lone-surrogate'],
    ['two highs in a row', '\ud83d\ud83d\udc69', 'lone-surrogate'],
  ])('%s', (_name, s, fault) => {
    expect(textFault(s)).toBe(fault);
    expect(isStorableText(s)).toBe(fault === null);
  });

  test('finds a bad value deep in a PATCH and names its path', () => {
    const body = { schemas: ['x'], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'ok' }, { value: 'b\u0000d' }] }] };
    expect(findUnstorableText(body)).toEqual({ path: 'Operations[0].value[1].value', fault: 'nul' });
  });

  test('checks keys too, and renders a bad key escaped', () => {
    expect(findUnstorableText({ name: { ['given\ud800']: 'x' } })).toEqual({ path: 'name["given\\ud800"]', fault: 'lone-surrogate' });
    expect(isStorableText(findUnstorableText({ ['\u0000']: 1 })!.path)).toBe(true);
  });

  test('URN keys read as they were sent', () => {
    const body = { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: '\udfff' } };
    expect(findUnstorableText(body)?.path).toBe('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department');
  });

  test('a bare string, numbers, booleans and null', () => {
    expect(findUnstorableText('a\u0000')).toEqual({ path: '', fault: 'nul' });
    expect(findUnstorableText({ a: 1, b: true, c: null, d: [1.5, 'ok'] })).toBeNull();
  });

  test('the walk is bounded: deeper than the limit is a problem of its own, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toEqual({ path: '[0]'.repeat(MAX_JSON_DEPTH), fault: 'too-deep' });
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) fine = { a: fine };
    expect(findUnstorableText(fine)).toBeNull();
  });

  test('a 10,000-member group PATCH is walked in full', () => {
    const members = Array.from({ length: 10_000 }, (_, i) => ({ value: `id-${i}` }));
    members[9_999] = { value: 'last\u0000' };
    expect(findUnstorableText({ Operations: [{ op: 'add', path: 'members', value: members }] })?.path).toBe('Operations[0].value[9999].value');
  });

  test('the storable form escapes only NULs and unpaired surrogates', () => {
    expect(storableForm('tab\there "q" 👩 \u0000 \ud800')).toBe('tab\there "q" 👩 \\u0000 \\ud800');
    expect(isStorableText(storableForm('\udfff\ud800\u0000'))).toBe(true);
    const fine = 'Zoë 👩‍💻';
    expect(storableForm(fine)).toBe(fine);
  });

  test('display escapes keep pairs and escape the rest', () => {
    expect(escapeForDisplay('a"\\\u0000\ud800👩')).toBe('a\\"\\\\\\u0000\\ud800👩');
    expect(describeTextFault('nul')).toMatch(/NUL/);
    expect(describeTextFault('lone-surrogate')).toMatch(/surrogate/);
  });
});
