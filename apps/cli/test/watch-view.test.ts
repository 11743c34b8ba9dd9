import { describe, expect, it } from 'vitest';
import { colors } from '../src/color.js';
import { translator } from '../src/i18n/translate.js';
import { groupCode, renderWatch } from '../src/watch-view.js';

const plain = colors(false);

describe('renderWatch', () => {
  it('shows each code grouped, the seconds left and a draining bar', () => {
    const lines = renderWatch(
      [
        { label: 'GitHub (alice)', code: '123456', remainingMs: 30_000, period: 30 },
        { label: 'AWS', code: '98765432', remainingMs: 4_001, period: 30 },
      ],
      translator('en'),
      plain,
    );
    expect(lines).toEqual([
      'GitHub (alice)  123 456    30s ██████████',
      'AWS             9876 5432   5s █░░░░░░░░░',
      '',
      'q: quit',
    ]);
  });

  it('does not show HOTP codes, since showing one uses it up', () => {
    const lines = renderWatch(
      [{ label: 'Bank', code: null, remainingMs: Number.POSITIVE_INFINITY, period: 30 }],
      translator('ja'),
      plain,
    );
    expect(lines[0]).toBe('Bank  HOTP: 次のコードは「kakunin code」で表示');
    expect(lines.at(-1)).toBe('q: 終了');
  });

  it('colours the last five seconds red only when colour is on', () => {
    const row = { label: 'A', code: '000000', remainingMs: 2_000, period: 30 };
    expect(renderWatch([row], translator('en'), colors(true))[0]).toContain('\x1b[31m 2s\x1b[39m');
    expect(renderWatch([row], translator('en'), plain)[0]).not.toContain('\x1b[');
  });

  it('says so when nothing matches', () => {
    expect(renderWatch([], translator('en'), plain)[0]).toBe('No accounts to show.');
  });
});

describe('groupCode', () => {
  it.each([
    ['12345', '123 45'],
    ['123456', '123 456'],
    ['1234567', '1234 567'],
    ['12345678', '1234 5678'],
    ['123456789', '123 456 789'],
    ['VB7K2', 'VB7 K2'],
  ])('%s → %s', (code, grouped) => {
    expect(groupCode(code)).toBe(grouped);
  });
});
