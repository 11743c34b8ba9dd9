import { type Account, code, remainingMs } from '@kakunin/otp';
import { groupCode } from './format-code.js';

/** Seconds before the end of a period from which the next code is shown too. */
export const NEXT_CODE_SECONDS = 10;

/**
 * The parts of a row that change with the period without being written: the countdown ring's
 * (components/countdown-ring.tsx), and the line the account name and the next code share, which
 * moves the next code in for the last seconds. Five animated elements a row (six for periods under
 * 21 s): a frame that changes the list restyles each of them, so there are as few as the drawing needs.
 */
export interface PeriodParts {
  /** The accent sweep of the ring's right half. */
  right: HTMLElement;
  /** The accent sweep of the left half. */
  left: HTMLElement;
  /** The warning-coloured sweeps shown over them for the last seconds: the left half's, and the right half's when the warning starts in it. */
  endingRight: HTMLElement | null;
  endingLeft: HTMLElement;
  /** The column of seconds (period … 1, one per line), absent for long periods. */
  column: HTMLElement | null;
  /** The two lines of the name's place (the account name above "next" and the next code), moved up by one line for the last seconds. */
  swap: HTMLElement;
  /** "next" and the next code, told to screen readers for the last seconds. */
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
  /** The code after the next one, computed in a quiet second so that the rollover computes none. */
  ahead?: { counter: number; code: string } | undefined;
  /** Whether screen readers are told the next code (the last seconds of the period). */
  nextTold: boolean | undefined;
  /** Within the viewport or its margin (rows the list renders beyond it are not kept current). */
  onScreen: boolean;
}

/** How far the animations may be from the clock before they are set again (they step on whole seconds). */
const MAX_RING_DRIFT_MS = 200;

/** Rows whose code after the next one a quiet second computes (a dozen rows are on screen). */
const AHEAD_PER_TICK = 3;

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

  /**
   * Updates the rows on screen for the current time. In a second in which no row rolled over, a
   * few rows also compute the code after their next one, so that a rollover only moves codes along.
   */
  tick(): void {
    const started = performance.now();
    const t = this.now();
    let rolled = false;
    for (const row of this.rows.values()) if (row.onScreen && this.update(row, t)) rolled = true;
    if (!rolled) {
      let ahead = AHEAD_PER_TICK;
      for (const row of this.rows.values()) {
        if (ahead === 0) break;
        if (row.onScreen && computeAhead(row)) ahead--;
      }
    }
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

  /** Brings a row to the time `t`; returns whether its codes changed (a rollover). */
  private update(row: TickRow, t: number, cameOnScreen = false): boolean {
    const a = row.account;
    if (a.type === 'hotp') return false;
    const periodMs = a.period * 1000;
    const step = Math.floor(t / periodMs);
    const showNext = Math.ceil(remainingMs(a, t) / 1000) <= NEXT_CODE_SECONDS;
    const rolled = step !== row.step;
    if (rolled) {
      // Rolled over by one period: the new code is the next code written a period ago and the new
      // next code the one computed ahead in a quiet second (the same counters), so the rollover of a
      // screenful of rows computes no code; a jump (the clock set, the page asleep) computes both.
      const current = step === row.step + 1 && row.next.data !== '' ? row.next.data : groupCode(code(a, t));
      const next =
        row.ahead?.counter === step + 1 ? row.ahead.code : groupCode(code(a, (step + 1) * periodMs));
      row.step = step;
      row.ahead = undefined;
      setText(row.code, current);
      setText(row.next, next);
    }
    if (row.nextTold !== showNext) {
      row.nextTold = showNext;
      row.parts.nextBox.setAttribute('aria-hidden', String(!showNext));
    }
    this.keepAnimations(row, t % periodMs, cameOnScreen);
    return rolled;
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

/** Computes a row's code after the next one unless it has it; returns whether it computed. */
function computeAhead(row: TickRow): boolean {
  const a = row.account;
  if (a.type === 'hotp' || row.step < 0 || row.ahead?.counter === row.step + 2) return false;
  row.ahead = { counter: row.step + 2, code: groupCode(code(a, (row.step + 2) * a.period * 1000)) };
  return true;
}

/** Whether the warning (the last NEXT_CODE_SECONDS) starts before the ring's half: periods under 21 s. */
export function warningInBothHalves(period: number): boolean {
  return warningStart(period) < 0.5;
}

/** Where in the period the warning starts: half a second before its first whole second, so the step lands clearly on one side. */
function warningStart(period: number): number {
  return Math.max(0, period - NEXT_CODE_SECONDS - 0.5) / period;
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
 * NEXT_CODE_SECONDS before the end the warning-coloured sweeps show (turning with the accent ones)
 * and the name's line moves up to the next code. Transforms and opacity only, so the compositor runs them.
 */
export function periodAnimations(parts: PeriodParts, period: number): Animation[] {
  const timing: KeyframeAnimationOptions = {
    duration: period * 1000,
    iterations: Number.POSITIVE_INFINITY,
    easing: `steps(${period})`,
  };
  const turn = (from: number, middle: number, to: number): Keyframe[] => [
    { offset: 0, transform: `rotate(${from}deg)` },
    { offset: 0.5, transform: `rotate(${middle}deg)` },
    { offset: 1, transform: `rotate(${to}deg)` },
  ];
  const warn = warningStart(period);
  /** A property held at `calm` until the warning and at `ending` from then on. */
  const fromWarning = (property: 'opacity' | 'transform', calm: string, ending: string): Keyframe[] => [
    { offset: 0, [property]: calm },
    { offset: warn, [property]: calm },
    { offset: warn, [property]: ending },
    { offset: 1, [property]: ending },
  ];
  /** A warning sweep turns as its accent sweep does and shows from the warning on (one element, one animation). */
  const ending = (turning: Keyframe[]): Keyframe[] =>
    [...turning, ...fromWarning('opacity', '0', '1')].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  const right = turn(45, 225, 225);
  const left = turn(225, 225, 405);
  return [
    parts.right.animate(right, timing),
    parts.left.animate(left, timing),
    ...(parts.endingRight ? [parts.endingRight.animate(ending(right), timing)] : []),
    parts.endingLeft.animate(ending(left), timing),
    ...(parts.column
      ? [parts.column.animate([{ transform: 'translateY(0)' }, { transform: 'translateY(-100%)' }], timing)]
      : []),
    parts.swap.animate(fromWarning('transform', 'translateY(0)', 'translateY(-50%)'), timing),
  ];
}

function setText(node: Text, value: string): void {
  if (node.data !== value) node.data = value;
}
