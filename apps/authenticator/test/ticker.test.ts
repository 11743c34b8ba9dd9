import * as otp from '@kakunin/otp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupCode } from '../src/lib/format-code.js';
import { Ticker, type TickRow } from '../src/lib/ticker.js';

// The ticker's own logic, in Node (no IntersectionObserver there, so every row counts as on screen);
// the browser tests (app.test.ts, long-list.test.ts) check what the page shows.
vi.mock('@kakunin/otp', async (actual) => {
  const real = await actual<typeof import('@kakunin/otp')>();
  return { ...real, code: vi.fn(real.code) };
});
const computed = vi.mocked(otp.code);
afterEach(() => computed.mockClear());

const account = otp.createAccount({ secret: new TextEncoder().encode('12345678901234567890') });
const PERIOD_MS = account.period * 1000;

/** A stand-in for an element the ticker animates or marks: it records nothing the test needs. */
function element(): HTMLElement {
  const animation = { currentTime: 0, play() {}, cancel() {} };
  return { animate: () => animation, setAttribute() {} } as unknown as HTMLElement;
}

function row(): Omit<TickRow, 'step' | 'nextTold' | 'onScreen'> {
  return {
    account,
    code: { data: '' } as Text,
    next: { data: '' } as Text,
    parts: {
      right: element(),
      left: element(),
      endingRight: null,
      endingLeft: element(),
      column: null,
      swap: element(),
      nextBox: element(),
    },
  };
}

const expected = (t: number): string => groupCode(otp.code(account, t));

describe('the ticker', () => {
  it('computes the code after the next one in a quiet second, so that a rollover computes no code', () => {
    let now = 1_700_000_000_000 - (1_700_000_000_000 % PERIOD_MS) + 5_000;
    const ticker = new Ticker(() => now);
    const shown = row();
    ticker.add({} as Element, shown);
    const nextBefore = shown.next.data;

    now += 1000;
    computed.mockClear();
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(1);
    // Once: the following seconds of the period compute nothing.
    now += 1000;
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(1);

    now += PERIOD_MS - 2000;
    computed.mockClear();
    ticker.tick();
    expect(computed).not.toHaveBeenCalled();
    expect(shown.code.data).toBe(nextBefore);
    expect(shown.code.data).toBe(expected(now));
    expect(shown.next.data).toBe(expected(now + PERIOD_MS));
  });

  it('in a quiet second computes ahead for a few rows only, and not in a second with a rollover', () => {
    let now = 1_700_000_000_000 - (1_700_000_000_000 % PERIOD_MS) + 5_000;
    const ticker = new Ticker(() => now);
    const rows = Array.from({ length: 12 }, () => row());
    for (const [i, shown] of rows.entries()) ticker.add({ i } as unknown as Element, shown);
    now += PERIOD_MS;
    computed.mockClear();
    ticker.tick();
    // The rollover: one new next code per row (none was computed ahead yet), nothing ahead.
    expect(computed).toHaveBeenCalledTimes(12);
    computed.mockClear();
    now += 1000;
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(3);
    for (let s = 0; s < 3; s++) {
      now += 1000;
      ticker.tick();
    }
    expect(computed).toHaveBeenCalledTimes(12);
    now += 1000;
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(12);
  });

  it('at a rollover without a code computed ahead, shows the next code it wrote before as the code and computes only the new next code', () => {
    let now = 1_700_000_000_000 - (1_700_000_000_000 % PERIOD_MS) + 5_000;
    const ticker = new Ticker(() => now);
    const shown = row();
    ticker.add({} as Element, shown);
    expect(computed).toHaveBeenCalledTimes(2);
    const nextBefore = shown.next.data;
    expect(nextBefore).toBe(expected(now + PERIOD_MS));

    now += PERIOD_MS;
    computed.mockClear();
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(1);
    expect(shown.code.data).toBe(nextBefore);
    expect(shown.code.data).toBe(expected(now));
    expect(shown.next.data).toBe(expected(now + PERIOD_MS));

    // A second within the period computes the code after the next one; the one after it, nothing.
    now += 1000;
    computed.mockClear();
    ticker.tick();
    expect(computed).toHaveBeenCalledTimes(1);
    now += 1000;
    computed.mockClear();
    ticker.tick();
    expect(computed).not.toHaveBeenCalled();
  });

  it('computes both codes when more than one period has passed (the clock set, the page asleep)', () => {
    let now = 1_700_000_000_000 - (1_700_000_000_000 % PERIOD_MS) + 5_000;
    const ticker = new Ticker(() => now);
    const shown = row();
    ticker.add({} as Element, shown);
    for (const jump of [3 * PERIOD_MS, -2 * PERIOD_MS]) {
      now += jump;
      computed.mockClear();
      ticker.tick();
      expect(computed).toHaveBeenCalledTimes(2);
      expect(shown.code.data).toBe(expected(now));
      expect(shown.next.data).toBe(expected(now + PERIOD_MS));
    }
  });
});
