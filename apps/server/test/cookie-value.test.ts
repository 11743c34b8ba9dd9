import { fastifyCookie } from '@fastify/cookie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieValue } from '../src/http/cookie-value.js';

// The forward-auth check reads its one cookie itself: it must find what @fastify/cookie finds.
describe('cookieValue', () => {
  const name = 'kakunin_session';

  it.each([
    ['kakunin_session=abc', 'abc'],
    ['a=1; kakunin_session=abc; b=2', 'abc'],
    ['kakunin_session=first; kakunin_session=second', 'first'],
    ['  kakunin_session  =  spaced\t; x=y', 'spaced'],
    ['kakunin_sessionx=no; xkakunin_session=no', undefined],
    ['flag; kakunin_session=after-a-pair-without-equals', 'after-a-pair-without-equals'],
    ['kakunin_session=a%20b', 'a b'],
    ['kakunin_session=%E0%A4%A', '%E0%A4%A'],
    ['kakunin_session="quoted"', '"quoted"'],
    ['kakunin_session=', ''],
    ['', undefined],
  ])('%j', (header, expected) => {
    expect(cookieValue(header, name)).toBe(expected);
    expect(fastifyCookie.parse(header)[name]).toBe(expected);
  });

  it('agrees with cookie.parse on any header', () => {
    const piece = fc.constantFrom(
      'kakunin_session',
      'kakunin',
      'session',
      '=',
      ';',
      ' ',
      '\t',
      '%',
      '%41',
      'a',
      '"',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 24 }), (pieces) => {
        const header = pieces.join('');
        expect(cookieValue(header, name)).toBe(fastifyCookie.parse(header)[name]);
      }),
      { numRuns: 5000 },
    );
  });
});
