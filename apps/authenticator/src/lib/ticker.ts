import { type Account, code, remainingMs } from '@kakunin/otp';
import { groupCode } from './format-code.js';

/** Seconds before the end of a period from which the next code is shown too. */
export const NEXT_CODE_SECONDS = 10;

/** One row the ticker keeps current: the account and the text nodes it writes into. */
export interface TickRow {
  account: Account;
  code: Text;
  countdown: Text;
  next: Text;
  nextBox: HTMLElement;
  /** The countdown ring and its arc (pathLength 1): the dash offset is the part of the period gone. */
  ring?: { box: HTMLElement; arc: SVGElement } | undefined;
  step: number;
  seconds: number;
  nextStep: number;
  /** Within the viewport or its margin (rows the list renders beyond it are not kept current). */
  onScreen: boolean;
}

/** Rows this far beyond the viewport (a share of its height) count as on screen: current before they scroll in. */
const SCREEN_MARGIN = '15% 0px';

/**
 * One timer for the whole code list. Every second it updates the rows on screen (an
 * IntersectionObserver says which of the rows the list has rendered are): the countdown text, the
 * code when its period rolls over, and the next code near the end of a period. A row coming on
 * screen is brought up to date at once. It never re-renders and never reads layout: it writes
 * `Text.data` only when the text changes, so a tick costs a few string compares per visible row.
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
    this.rows.clear();
  }

  /** Keeps a row's text nodes current while it is on screen, filling them at once. */
  add(element: Element, row: Omit<TickRow, 'step' | 'seconds' | 'nextStep' | 'onScreen'>): void {
    // Without an IntersectionObserver every row counts as on screen.
    const tracked = { ...row, step: -1, seconds: -1, nextStep: -1, onScreen: !this.observer };
    this.rows.set(element, tracked);
    this.observer?.observe(element);
    this.update(tracked, this.now());
  }

  remove(element: Element): void {
    this.observer?.unobserve(element);
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
      if (row.onScreen) this.update(row, t);
    }
  }
  private update(row: TickRow, t: number): void {
    const a = row.account;
    if (a.type === 'hotp') return;
    const periodMs = a.period * 1000;
    const step = Math.floor(t / periodMs);
    if (step !== row.step) {
      row.step = step;
      setText(row.code, groupCode(code(a, t)));
    }
    const seconds = Math.ceil(remainingMs(a, t) / 1000);
    if (seconds !== row.seconds) {
      row.seconds = seconds;
      setText(row.countdown, String(seconds));
      if (row.ring) {
        row.ring.arc.style.strokeDashoffset = String(1 - seconds / a.period);
        row.ring.box.classList.toggle('ending', seconds <= NEXT_CODE_SECONDS);
      }
    }
    const showNext = seconds <= NEXT_CODE_SECONDS;
    if (showNext && row.nextStep !== step) {
      row.nextStep = step;
      setText(row.next, groupCode(code(a, (step + 1) * periodMs)));
    }
    if (row.nextBox.hidden === showNext) row.nextBox.hidden = !showNext;
  }
}

function setText(node: Text, value: string): void {
  if (node.data !== value) node.data = value;
}
