/**
 * Which errors mean "a dependency is out of reach for now" (answer 503 and try again) rather than a
 * bug (500). Connection loss, a restarting or overloaded PostgreSQL, a busy SQLite file, Redis away.
 */

/** Seconds a client is asked to wait while a dependency is down. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

export type Dependency = 'database' | 'redis';

// PostgreSQL SQLSTATE: class 08 connection exception, 57P01-03 shutdown/restart, 53300 too many
// connections, 53xxx insufficient resources.
const PG_UNAVAILABLE = /^(08\d{3}|57P0[123]|53\d{3})$/;
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL)/;
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Query read timeout',
  'connection timeout',
  'terminating connection',
];
const REDIS_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Command timed out',
  'Reached the max retries per request limit',
];

/** A call to a dependency failed; thrown by wrappers that know which dependency they called. */
export class DependencyError extends Error {
  constructor(
    readonly dependency: Dependency,
    override readonly cause: unknown,
  ) {
    super(`${dependency}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DependencyError';
  }
}

/** The dependency an error says is unreachable, or undefined for any other error. */
export function unavailableDependency(error: unknown): Dependency | undefined {
  if (error instanceof DependencyError) return error.dependency;
  if (!(error instanceof Error)) return undefined;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = unavailableDependency(inner);
      if (found) return found;
    }
  }
  const code = (error as { code?: unknown }).code;
  const name = error.name;
  const message = error.message ?? '';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((text) => message.includes(text)))
    return 'redis';
  if (typeof code === 'string') {
    if (PG_UNAVAILABLE.test(code) || SQLITE_CODES.test(code)) return 'database';
    if (NET_CODES.has(code)) return 'database';
  }
  if (PG_MESSAGES.some((text) => message.includes(text))) return 'database';
  return undefined;
}

/**
 * Logs dependency faults at most once per kind every `intervalMs`, with the number left out since:
 * an outage under load must not write thousands of stack traces.
 */
export class FaultLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly write: (entry: Record<string, unknown>, message: string) => void,
    private readonly intervalMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  report(dependency: Dependency, error: unknown): void {
    const code = (error as { code?: unknown })?.code;
    const kind = `${dependency}:${typeof code === 'string' ? code : (error as Error)?.message?.slice(0, 60)}`;
    const at = this.now();
    const seen = this.last.get(kind);
    if (seen && at - seen.at < this.intervalMs) {
      seen.suppressed++;
      return;
    }
    this.last.set(kind, { at, suppressed: 0 });
    this.write(
      {
        dependency,
        code: typeof code === 'string' ? code : undefined,
        suppressed: seen?.suppressed ?? 0,
      },
      `${dependency} unavailable: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`,
    );
  }
}
