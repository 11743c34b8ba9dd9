/** One measured operation: it returns something so the work cannot be optimised away. */
export type Operation = () => unknown;

let sink = 0;

/** CPU time (user + system) this process has used, in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `operation` for about `seconds` and returns operations per second of CPU time: time the
 * process spends waiting for a core (other load on a shared machine) does not count against it.
 */
export function opsPerSecond(operation: Operation, seconds = 1): number {
  let count = 0;
  const startWall = performance.now();
  const start = cpuMs();
  while (performance.now() - startWall < seconds * 1000) {
    for (let i = 0; i < 200; i++) sink ^= Number(Boolean(operation()));
    count += 200;
  }
  return (count * 1000) / (cpuMs() - start);
}

/** Keeps the accumulated results observable. */
export function sinkValue(): number {
  return sink;
}

/** Formats a number of operations per second with thousands separators. */
export function formatOps(value: number): string {
  return Math.round(value).toLocaleString('en-US').padStart(11);
}

/** Formats a ratio such as 1.23×, or a dash when there is nothing to compare. */
export function formatRatio(value: number | undefined): string {
  return (value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`).padStart(7);
}

/**
 * Measures every operation in `rounds` interleaved rounds of `seconds` each, after one warm-up
 * round, and keeps each operation's best round: on a shared machine, other processes only ever
 * slow a round down, so the best round is the closest to the operation's own cost.
 */
export function bestOfRounds(
  operations: Map<string, Operation>,
  rounds = 5,
  seconds = 0.25,
): Map<string, number> {
  const best = new Map<string, number>();
  for (const operation of operations.values()) opsPerSecond(operation, 0.1);
  for (let round = 0; round < rounds; round++) {
    for (const [name, operation] of operations) {
      best.set(name, Math.max(best.get(name) ?? 0, opsPerSecond(operation, seconds)));
    }
  }
  return best;
}
