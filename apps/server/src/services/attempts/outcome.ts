import type { ServiceContext } from '../context.js';

/** What a sign-in step checks: the password, or a second factor. */
export type AttemptFactor = 'password' | 'code' | 'recovery_code' | 'passkey';

/**
 * Runs one sign-in step and tells `ctx.events` how it ended — `attempt.outcome` with the factor and
 * the error (undefined on success) — for the metrics; the result or the error passes through as is.
 */
export async function reportOutcome<T>(
  ctx: ServiceContext,
  factor: AttemptFactor,
  step: () => Promise<T>,
): Promise<T> {
  try {
    const result = await step();
    ctx.events.emit('attempt.outcome', factor, undefined);
    return result;
  } catch (error) {
    ctx.events.emit('attempt.outcome', factor, error);
    throw error;
  }
}
