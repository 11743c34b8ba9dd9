import { AppError } from '../../errors.js';

/** How much password hashing may be in flight. */
export interface HashGateOptions {
  /** Verifications running at once. */
  concurrency: number;
  /** Verifications waiting for a place; beyond this the answer is 503. */
  queue: number;
}

/**
 * Places one address may hold (running and waiting): half, so it cannot take all of them, yet an
 * office behind one NAT address still signs in at the start of the day.
 */
export function perAddressShare(options: HashGateOptions): number {
  return Math.max(1, Math.floor((options.concurrency + options.queue) / 2));
}

/**
 * Bounds the argon2 work in flight, fairly per client address: a burst of sign-ins waits in a short
 * queue instead of slowing every other request down, and beyond the queue (or beyond an address's
 * share of it) the answer is 503 UNAVAILABLE with Retry-After, before any failure counter is touched.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly held = new Map<string, number>();
  private readonly share: number;
  private refused = 0;

  constructor(readonly options: HashGateOptions) {
    this.share = perAddressShare(options);
  }

  /** Verifications running and waiting, and how many were refused since start, for metrics. */
  get state(): { running: number; waiting: number; refused: number } {
    return { running: this.running, waiting: this.waiting.length, refused: this.refused };
  }

  /** Runs `work` when a place is free; throws UNAVAILABLE when the queue or the address's share is full. */
  async run<T>(ip: string, work: () => Promise<T>): Promise<T> {
    const mine = this.held.get(ip) ?? 0;
    const full = this.running >= this.options.concurrency && this.waiting.length >= this.options.queue;
    if (full || mine >= this.share) {
      this.refused++;
      throw new AppError(
        'UNAVAILABLE',
        { retryAfterSeconds: 1 },
        'The service is busy. Try again in a moment.',
      );
    }
    this.held.set(ip, mine + 1);
    try {
      if (this.running >= this.options.concurrency)
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
      try {
        return await work();
      } finally {
        // Hand the place straight to the next in line (running stays the same) or free it.
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.held.get(ip) ?? 1) - 1;
      if (left === 0) this.held.delete(ip);
      else this.held.set(ip, left);
    }
  }
}
