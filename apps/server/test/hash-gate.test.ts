import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { HashGate } from '../src/services/attempts/index.js';
import { addUser, type TestService, testService } from './support/harness.js';

/** A task that runs until released, counting how many run at once. */
function held() {
  const state = { running: 0, most: 0, release: [] as (() => void)[] };
  const work = () =>
    new Promise<void>((resolve) => {
      state.running++;
      state.most = Math.max(state.most, state.running);
      state.release.push(() => {
        state.running--;
        resolve();
      });
    });
  return { state, work };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

// Threat: a burst of sign-ins (or one address's) spending every CPU on argon2, so that every other
// request waits. The gate bounds the hashes in flight and the queue, and refuses beyond them at once.
describe('the password-hash gate', () => {
  it('runs at most `concurrency` at once, queues `queue` more and refuses the rest with UNAVAILABLE', async () => {
    const gate = new HashGate({ concurrency: 2, queue: 3 });
    const { state, work } = held();
    const results = Array.from({ length: 10 }, (_, i) =>
      gate.run(`192.0.2.${i}`, work).then(
        () => 'done',
        (error: unknown) => error,
      ),
    );
    await settle();
    expect(state.running).toBe(2);
    expect(gate.state).toEqual({ running: 2, waiting: 3, refused: 5 });
    while (state.release.length > 0) {
      state.release.shift()?.();
      await settle();
    }
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(5);
    const refused = outcomes.filter((outcome) => outcome instanceof AppError) as AppError[];
    expect(refused.map((error) => [error.code, error.details?.retryAfterSeconds])).toEqual(
      Array.from({ length: 5 }, () => ['UNAVAILABLE', 1]),
    );
    expect(state.most).toBe(2);
    expect(gate.state).toEqual({ running: 0, waiting: 0, refused: 5 });
  });

  it('lets one address hold at most half of the places; another address still gets in', async () => {
    const gate = new HashGate({ concurrency: 2, queue: 4 });
    const { state, work } = held();
    const mine = Array.from({ length: 4 }, () =>
      gate.run('198.51.100.1', work).then(
        () => 'done',
        (e: unknown) => e,
      ),
    );
    const other = gate.run('198.51.100.2', work).then(
      () => 'done',
      (e: unknown) => e,
    );
    await settle();
    expect(gate.state.running + gate.state.waiting).toBe(4);
    while (state.release.length > 0) {
      state.release.shift()?.();
      await settle();
    }
    const outcomes = await Promise.all(mine);
    expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome instanceof AppError)).toHaveLength(1);
    expect(await other).toBe('done');
  });
});

describe('sign-ins beyond the hash gate', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite', {
      env: { KAKUNIN_HASH_CONCURRENCY: '1', KAKUNIN_HASH_QUEUE: '1' },
    });
    await addUser(service, 'alice');
  });
  afterAll(() => service.close());

  it('answer 503 UNAVAILABLE with Retry-After, and only the guesses let through are checked and counted', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        service
          .client(`203.0.113.${i}`)
          .send('POST', '/api/login', { username: 'alice', password: `wrong ${i}` }),
      ),
    );
    const busy = answers.filter((answer) => answer.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json().error.code).toBe('UNAVAILABLE');
    }
    const checked = answers.filter((answer) => answer.statusCode === 401).length;
    expect(checked + busy.length).toBe(8);
    const failed = await service.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('event', '=', 'login.password_failed')
      .execute();
    expect(failed).toHaveLength(checked);
  });
});
