import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colors, wantsColor } from '../src/color.js';
import { createContext, type Streams } from '../src/context.js';
import { accountLabel, displayWidth, remainingSeconds, table } from '../src/format.js';
import { readLine } from '../src/stdin-lines.js';

describe('wantsColor', () => {
  it('colours a terminal, not a pipe', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
  });

  it('never colours when NO_COLOR is set, even with FORCE_COLOR (no-color.org)', () => {
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: '' }, true)).toBe(true); // empty means unset
  });

  it('honours FORCE_COLOR on pipes and TERM=dumb on terminals', () => {
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, false)).toBe(false);
    expect(wantsColor({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('styles only when enabled', () => {
    expect(colors(true).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(colors(false).red('x')).toBe('x');
  });
});

describe('createContext', () => {
  it('reads a standard stream only when a command uses it', () => {
    const read: string[] = [];
    const stream = (name: keyof Streams) => {
      const passThrough = Object.assign(new PassThrough(), { isTTY: name === 'stderr' });
      return () => {
        read.push(name);
        return passThrough;
      };
    };
    const [stdin, stdout, stderr] = [stream('stdin'), stream('stdout'), stream('stderr')];
    const ctx = createContext(
      {
        get stdin() {
          return stdin();
        },
        get stdout() {
          return stdout();
        },
        get stderr() {
          return stderr();
        },
      },
      { LANG: 'C' },
    );
    ctx.print(ctx.out.red('123456'));
    expect(new Set(read)).toEqual(new Set(['stdout']));
    // Standard error and its colours (a terminal here, so coloured) come with the first message.
    ctx.say(ctx.err.red('locked'));
    expect(new Set(read)).toEqual(new Set(['stdout', 'stderr']));
    expect(ctx.err.red('x')).not.toBe('x');
    expect(read).not.toContain('stdin');
  });
});

describe('format', () => {
  it('labels accounts by issuer and name', () => {
    expect(accountLabel({ issuer: 'GitHub', name: 'alice' })).toBe('GitHub (alice)');
    expect(accountLabel({ issuer: '', name: 'alice' })).toBe('alice');
    expect(accountLabel({ issuer: 'GitHub', name: '' })).toBe('GitHub');
  });

  it('rounds remaining time up and gives null for HOTP', () => {
    expect(remainingSeconds(30_000)).toBe(30);
    expect(remainingSeconds(1)).toBe(1);
    expect(remainingSeconds(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('aligns columns by display width (Japanese is two columns wide, escapes none)', () => {
    expect(displayWidth('サイボウズ')).toBe(10);
    expect(displayWidth('\x1b[1mab\x1b[22m')).toBe(2);
    expect(
      table([
        ['サイボウズ', 'x'],
        ['ab', 'y'],
      ]),
    ).toEqual(['サイボウズ  x', 'ab          y']);
  });
});

describe('readLine', () => {
  it('reads one line at a time and leaves the rest of the stream unread', async () => {
    const stream = new PassThrough();
    stream.end('first\r\nsecond\nq');
    expect(await readLine(stream)).toBe('first');
    expect(await readLine(stream)).toBe('second');
    expect(await readLine(stream)).toBe('q');
    expect(await readLine(stream)).toBeUndefined();
  });

  it('waits for a line that arrives in pieces', async () => {
    const stream = new PassThrough();
    const line = readLine(stream);
    stream.write('pass');
    stream.write('word\nrest');
    expect(await line).toBe('password');
    stream.end();
    expect(await readLine(stream)).toBe('rest');
  });
});
