import { code as codeAt, remainingMs } from '@kakunin/otp/core';
import type { Context, GlobalOptions } from '../context.js';
import { accountLabel } from '../format.js';
import { matchSome } from '../query.js';
import { openSession } from '../session.js';
import { renderWatch, type WatchRow } from '../watch-view.js';

// Plain ANSI: alternate screen, hidden cursor, home + erase-to-end-of-line per redraw (no flicker).
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
// q, Q, Ctrl-C and Ctrl-D end the view, and Escape pressed alone (arrow keys also start with ESC).
const QUIT = new Set(['q', 'Q', '\u0003', '\u0004']);
const ESCAPE = '\u001b';

/**
 * `kakunin watch [query]`: a live list redrawn at each second boundary until `q` (or Ctrl-C) is pressed;
 * the terminal is restored however it ends. HOTP codes are not shown, since showing one uses it up.
 */
export async function watch(ctx: Context, query: string | undefined, options: GlobalOptions): Promise<void> {
  const session = await openSession(ctx, options);
  const entries = matchSome(session.vault.entries(), query);
  const { stdin, stdout } = ctx;
  const frame = (nowMs: number): string[] =>
    renderWatch(
      entries.map(
        ({ account }): WatchRow => ({
          label: accountLabel(account),
          code: account.type === 'hotp' ? null : codeAt(account, nowMs),
          remainingMs: remainingMs(account, nowMs),
          period: account.period,
        }),
      ),
      ctx.t,
      ctx.out,
    );

  let timer: NodeJS.Timeout | undefined;
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onKey = (chunk: Buffer | string): void => {
    const keys = chunk.toString();
    // A longer sequence starting with ESC is a special key (arrows, F2 = ESC O Q…), not a quit.
    if (keys.startsWith(ESCAPE) ? keys === ESCAPE : [...keys].some((key) => QUIT.has(key))) stop();
  };
  const draw = (): void => {
    const nowMs = ctx.now();
    stdout.write(
      HOME +
        frame(nowMs)
          .map((line) => line + CLEAR_LINE)
          .join('\n') +
        CLEAR_BELOW,
    );
    timer = setTimeout(draw, 1000 - (nowMs % 1000) + 5);
  };

  stdin.setRawMode?.(true);
  stdin.on('data', onKey);
  stdin.resume();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  stdout.write(ENTER);
  try {
    draw();
    await stopped;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop).off('SIGTERM', stop);
    stdin.off('data', onKey);
    stdin.setRawMode?.(false);
    stdin.pause();
    stdout.write(LEAVE);
  }
}
