import { type Account, code, remainingMs } from '@kakunin/otp';
import { groupCode } from './format-code.js';

/** Seconds before the end of a period from which the next code is shown too. */
export const NEXT_CODE_SECONDS = 10;

/**
 * The parts of a row that change with the period without being written: the countdown ring's
 * (components/countdown-ring.tsx), and the account name and the next code, which share a line and
 * trade places for the last seconds.
 */
export interface PeriodParts {
  /** The sweeps of the right halves (accent and warning-coloured arcs). */
  right: HTMLElement[];
  /** The sweeps of the left halves. */
  left: HTMLElement[];
  /** The warning-coloured arc, shown for the last seconds. */
  ending: HTMLElement;
  /** The column of seconds (period … 1, one per line), absent for long periods. */
  column: HTMLElement | null;
  /** The account name, faded out for the last seconds. */
  name: HTMLElement;
  /** "next" and the next code, faded in for the last seconds. */
  nextBox: HTMLElement;
}

/** One row the ticker keeps current: the account and the text nodes it writes into. */
export interface TickRow {
  account: Account;
  code: Text;
  next: Text;
  parts: PeriodParts;
  /** The parts' animations, made when the row is first kept current. */
  animations?: Animation[] | undefined;
  step: number;
  /** Whether screen readers are told the next code (the last seconds of the period). */
  nextTold: boolean | undefined;
  /** Within the viewport or its margin (rows the list renders beyond it are not kept current). */
  onScreen: boolean;
}

/** How far the animations may be from the clock before they are set again (they step on whole seconds). */
const MAX_RING_DRIFT_MS = 200;

/** Rows this far beyond the viewport (a share of its height) count as on screen: current before they scroll in. */
const SCREEN_MARGIN = '15% 0px';

/**
 * One timer for the whole code list. Every second it looks at the rows on screen (an
 * IntersectionObserver says which of the rows the list has rendered are) and writes only what
 * changed: the code and the next code when the period rolls over (the code is the next code it wrote
 * a period before), and whether screen readers are told the next code. Everything else that moves
 * with the period — the countdown ring, the next code taking the name's place — is an animation the
 * compositor steps through (`periodAnimations`), set to the clock when a row comes on screen or when
 * it and the clock disagree, and ended while the row is off screen. It never re-renders and never
 * reads layout: a usual second costs a few number compares per visible row and no style, layout or
 * paint.
 */
export class Ticker {
  private readonly rows = new Map<Element, TickRow>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly observer: IntersectionObserver | undefined =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((changes) => this.seen(changes), { rootMargin: SCREEN_MARGIN })
      : undefined;
  /** Main-thread time of the last tick in ms (read by the benchmark). */
  lastTickMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts ticking on each second boundary. */
  start(): void {
    const loop = (): void => {
      this.tick();
      this.timer = setTimeout(loop, 1000 - (this.now() % 1000) + 5);
    };
    loop();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.observer?.disconnect();
    // A running animation keeps its element, and what that element's handlers hold, alive.
    for (const row of this.rows.values()) dropAnimations(row);
    this.rows.clear();
  }

  /** Keeps a row's text nodes current while it is on screen, filling them at once. */
  add(element: Element, row: Omit<TickRow, 'step' | 'nextTold' | 'onScreen'>): void {
    // Without an IntersectionObserver every row counts as on screen.
    const tracked = { ...row, step: -1, nextTold: undefined, onScreen: !this.observer };
    this.rows.set(element, tracked);
    this.observer?.observe(element);
    this.update(tracked, this.now());
  }

  remove(element: Element): void {
    this.observer?.unobserve(element);
    const row = this.rows.get(element);
    if (row) dropAnimations(row);
    this.rows.delete(element);
  }

  /** Updates the rows on screen for the current time. */
  tick(): void {
    const started = performance.now();
    const t = this.now();
    for (const row of this.rows.values()) if (row.onScreen) this.update(row, t);
    this.lastTickMs = performance.now() - started;
  }

  private seen(changes: readonly IntersectionObserverEntry[]): void {
    const t = this.now();
    for (const change of changes) {
      const row = this.rows.get(change.target);
      if (!row) continue;
      row.onScreen = change.isIntersecting;
      if (row.onScreen) this.update(row, t, true);
      else dropAnimations(row);
    }
  }

  private update(row: TickRow, t: number, cameOnScreen = false): void {
    const a = row.account;
    if (a.type === 'hotp') return;
    const periodMs = a.period * 1000;
    const step = Math.floor(t / periodMs);
    const showNext = Math.ceil(remainingMs(a, t) / 1000) <= NEXT_CODE_SECONDS;
    if (step !== row.step) {
      // Rolled over by one period: the new code is the next code written a period ago (the same
      // counter), so the rollover of a screenful of rows computes one code per row instead of two.
      const current = step === row.step + 1 && row.next.data !== '' ? row.next.data : groupCode(code(a, t));
      row.step = step;
      setText(row.code, current);
      setText(row.next, groupCode(code(a, (step + 1) * periodMs)));
    }
    if (row.nextTold !== showNext) {
      row.nextTold = showNext;
      row.parts.nextBox.setAttribute('aria-hidden', String(!showNext));
    }
    this.keepAnimations(row, t % periodMs, cameOnScreen);
  }

  /**
   * Starts the row's animations at `into` ms of the period, or sets them there again when the row
   * comes back on screen or they and the clock disagree (the clock was set, or the page slept):
   * reading an animation's time costs no style or layout, so in the usual second nothing is written.
   */
  private keepAnimations(row: TickRow, into: number, cameOnScreen: boolean): void {
    const periodMs = row.account.period * 1000;
    row.animations ??= periodAnimations(row.parts, row.account.period);
    const shown = Number(row.animations[0]!.currentTime ?? Number.NaN) % periodMs;
    const apart = Math.abs(shown - into);
    if (!cameOnScreen && Math.min(apart, periodMs - apart) <= MAX_RING_DRIFT_MS) return;
    for (const animation of row.animations) {
      animation.currentTime = into;
      animation.play();
    }
  }
}

/** Ends a row's animations: each keeps a compositor layer while it exists. */
function dropAnimations(row: TickRow): void {
  for (const animation of row.animations ?? []) animation.cancel();
  row.animations = undefined;
}

/**
 * A row's animations over one period, repeating, each stepping once a second (`steps(period)`):
 * the right sweep turns through its half in the first half of the period and the left one in the
 * second, the column of seconds moves up by its whole height (a line a second), and from
 * NEXT_CODE_SECONDS before the end the warning arc and the next code show where the name was.
 * Transforms and opacity only, so the compositor runs them.
 */
export function periodAnimations(parts: PeriodParts, period: number): Animation[] {
  const timing: KeyframeAnimationOptions = {
    duration: period * 1000,
    iterations: Number.POSITIVE_INFINITY,
    easing: `steps(${period})`,
  };
  const turn = (from: number, middle: number, to: number): Keyframe[] => [
    { transform: `rotate(${from}deg)` },
    { transform: `rotate(${middle}deg)`, offset: 0.5 },
    { transform: `rotate(${to}deg)` },
  ];
  // Half a second before the warning's first whole second, so the step lands clearly on one side.
  const warn = Math.max(0, period - NEXT_CODE_SECONDS - 0.5) / period;
  const show = (from: number): Keyframe[] => [
    { opacity: from },
    { opacity: from, offset: warn },
    { opacity: 1 - from, offset: warn },
    { opacity: 1 - from },
  ];
  return [
    ...parts.right.map((sweep) => sweep.animate(turn(45, 225, 225), timing)),
    ...parts.left.map((sweep) => sweep.animate(turn(225, 225, 405), timing)),
    ...(parts.column
      ? [parts.column.animate([{ transform: 'translateY(0)' }, { transform: 'translateY(-100%)' }], timing)]
      : []),
    parts.ending.animate(show(0), timing),
    parts.nextBox.animate(show(0), timing),
    parts.name.animate(show(1), timing),
  ];
}

function setText(node: Text, value: string): void {
  if (node.data !== value) node.data = value;
}
