/**
 * TOTP timing for the scenario: a code is typed only when it will stay valid for a few more
 * seconds, and never in a time step the service has already accepted for that user (RFC 6238 §5.2
 * makes the service refuse it, rightly).
 */
export const PERIOD_MS = 30_000;

/** The time step of an instant. @see RFC 6238 §4.2 */
export function stepAt(nowMs: number): number {
  return Math.floor(nowMs / PERIOD_MS);
}

/**
 * Waits until the current step is later than `afterStep` and the code on screen is settled (at
 * least 1.5 s into the step, so the app's once-a-second ticker has shown it) with 5 s left.
 * Returns the step.
 */
export async function waitForFreshStep(afterStep = Number.NEGATIVE_INFINITY): Promise<number> {
  for (;;) {
    const now = Date.now();
    const into = now % PERIOD_MS;
    if (stepAt(now) > afterStep && into >= 1500 && PERIOD_MS - into >= 5000) return stepAt(now);
    const wait = stepAt(now) > afterStep && into < 1500 ? 1500 - into : PERIOD_MS - into + 1500;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
