import { safeReturnUrl } from '../../src/sessions/return-url.js';

const PUBLIC = 'https://seatgate.example.com';
const ALLOWED = ['https://app.example.com'];

describe('return URLs after sign-in', () => {
  test.each([
    ['a path on Seatgate', '/me?x=1#top', '/me?x=1#top'],
    ['an absolute URL on Seatgate', 'https://seatgate.example.com/me', 'https://seatgate.example.com/me'],
    ['an allow-listed origin', 'https://app.example.com/welcome', 'https://app.example.com/welcome'],
  ])('keeps %s', (_name, input, expected) => {
    expect(safeReturnUrl(input, PUBLIC, ALLOWED)).toBe(expected);
  });

  test.each([
    ['another host', 'https://evil.example/steal'],
    ['a protocol-relative URL', '//evil.example/steal'],
    ['a backslash trick', '/\\evil.example'],
    ['a backslash protocol-relative URL', '\\\\evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['credentials before the host', 'https://app.example.com@evil.example/'],
    ['user info on an allowed origin', 'https://user:pw@app.example.com/'],
    ['a lookalike origin', 'https://app.example.com.evil.example/'],
    ['http on an https-only allowed origin', 'http://app.example.com/'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline (header injection)', '/me\r\nSet-Cookie: x=1'],
    ['a relative path without a slash', 'evil.example'],
    ['an over-long URL', '/' + 'a'.repeat(3000)],
    ['a non-string', 42],
  ])('refuses %s and falls back to / (which sends the person on by role)', (_name, input) => {
    expect(safeReturnUrl(input, PUBLIC, ALLOWED)).toBe('/');
  });
});
