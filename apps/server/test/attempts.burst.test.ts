import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { attemptKeys } from '../src/services/attempts/rules.js';
import { createSession } from '../src/services/sessions.js';
import { findUser } from '../src/services/users.js';
import {
  addUsersCheaply,
  codeFor,
  dialects,
  enrollTwoFactor,
  PASSWORD,
  type TestService,
  testService,
} from './support/harness.js';
import { type ServerProcess, startServerProcess } from './support/processes.js';

// The checks this process really runs (the audit log only shows those that were counted): a guess
// checked before its place is reserved shows here even when its answer is right.
const checked = vi.hoisted(() => ({ passwords: 0, codes: 0 }));
vi.mock('../src/crypto/password.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/crypto/password.js')>();
  return {
    ...original,
    verifyPassword: (hash: string, password: string) => {
      checked.passwords++;
      return original.verifyPassword(hash, password);
    },
    verifyDummyPassword: (password: string) => {
      checked.passwords++;
      return original.verifyDummyPassword(password);
    },
  };
});
vi.mock('../src/services/totp-code.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/services/totp-code.js')>();
  return {
    ...original,
    matchTOTPCode: (...args: Parameters<typeof original.matchTOTPCode>) => {
      checked.codes++;
      return original.matchTOTPCode(...args);
    },
  };
});

// Threat: a burst of parallel guesses, sent faster than the slow password check answers, on one
// instance or spread over several behind a load balancer, with the right guess last. Before ADR 0009
// every request in flight was checked (199 of 200) and the right one was accepted after the lock.
// Defence: each guess reserves its place before the check, atomically in the shared store.
//
// Where the race is: one instance on PostgreSQL already sends the burst over a pool of connections
// (concurrent transactions, as several instances would); one on SQLite runs each statement alone, so
// SQLite is also raced from other processes, through the file's locks; Redis counters are raced from
// another process, which also shows that the counters are shared and not held in memory. Three
// instances are this process and two server processes. The users' passwords have a cheap argon2
// hash: what is measured is how many guesses are checked, not how long one takes.

// 200 guesses, all in flight before the first check ends; on one PostgreSQL instance 100 (ten times
// the limit still), as 200 would queue the last, right guess past its pool's 3 s wait: a 503.
const burstOf = (setup: Setup): number => (setup.dialect === 'postgres' && setup.instances === 1 ? 100 : 200);
// The hashing gate is opened wider than the burst, so that only the counters hold the guesses back.
const WIDE_GATE = { KAKUNIN_HASH_CONCURRENCY: '256', KAKUNIN_HASH_QUEUE: '1024' };
const redisURL = process.env.TEST_REDIS_URL;
// Accounts one address sprays: 10 guesses each, so none of them locks before the address does.
const SPRAYED = Array.from({ length: 15 }, (_, i) => `user${i}`);

interface Answer {
  status: number;
  body: string;
  cookie?: string | undefined;
}
type Send = (path: string, body: unknown, headers: Record<string, string>) => Promise<Answer>;

type Setup = { instances: 1 | 3; dialect: 'sqlite' | 'postgres'; redis: boolean };
const setups: Setup[] = dialects().flatMap((dialect) => [
  { instances: 1 as const, dialect, redis: false },
  { instances: 3 as const, dialect, redis: false },
  ...(redisURL && dialect === 'sqlite' ? [{ instances: 3 as const, dialect, redis: true }] : []),
]);

const named = setups.map((setup) => [setup.dialect, setup.instances, setup.redis, setup] as const);
describe.each(named)(
  'a burst on %s with %i instance(s) (Redis: %s)',
  (_dialect, _instances, _redis, setup) => {
    let service: TestService;
    let servers: ServerProcess[] = [];
    let redis: Redis | undefined;
    let sends: Send[];
    let secret: string;
    const BURST = burstOf(setup);
    beforeAll(async () => {
      if (setup.redis) redis = new Redis(redisURL as string);
      // Addresses come from X-Forwarded-For (a trusted local proxy), so each burst picks its own.
      const env = { ...WIDE_GATE, TRUST_PROXY: '127.0.0.1' };
      service = await testService(setup.dialect, { env, ...(redis ? { redis } : {}) });
      await addUsersCheaply(service, ['alice', 'bob', ...SPRAYED]);
      ({ secret } = await enrollTwoFactor(service, 'bob'));
      const others = setup.instances === 1 ? [] : await startProcesses(env);
      sends = [injector(service), ...others];
    }, 120_000);
    beforeEach(() => {
      checked.passwords = 0;
      checked.codes = 0;
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      servers = [];
      if (redis) {
        const keys = await redis.keys('kakunin:attempts:*');
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      await service.close();
    });
    async function startProcesses(env: Record<string, string>): Promise<Send[]> {
      const all: Record<string, string> = {
        ...env,
        KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
        KAKUNIN_TEST_NOW: String(service.clock.ms),
        ...(setup.redis ? { REDIS_URL: redisURL as string } : {}),
      };
      if (setup.dialect === 'postgres') {
        all.DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
        all.KAKUNIN_TEST_SCHEMA = service.test.database.schema ?? '';
      } else {
        all.KAKUNIN_DATA_DIR = dirname(service.test.file ?? '');
      }
      servers = await Promise.all([startServerProcess(all), startServerProcess(all)]);
      return servers.map((server) => async (path, body, headers) => {
        const response = await fetch(server.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text, cookie: cookiesOf(response.headers.getSetCookie()) };
      });
    }

    async function audited(event: string, target: string): Promise<number> {
      const rows = await service.ctx.db
        .selectFrom('audit_log')
        .select('id')
        .where('event', '=', event)
        .where('target', '=', target)
        .execute();
      return rows.length;
    }

    it(`evaluates at most 10 of ${BURST} parallel passwords, refuses the right one sent last like the rest, and lets the owner’s browser in`, async () => {
      // The owner signed in from this browser before: it holds a device cookie.
      const owner = await sends[0]!(
        '/api/login',
        { username: 'alice', password: PASSWORD },
        from('192.0.2.10'),
      );
      expect(owner.status).toBe(200);
      const device = deviceCookie(owner);
      const successes = await audited('login.succeeded', 'alice');
      checked.passwords = 0;

      // Each guess from its own address (so the address limit plays no part), over every instance.
      const send = (i: number, password: string) =>
        sends[i % sends.length]!(
          '/api/login',
          { username: 'alice', password },
          from(`10.1.${i >> 8}.${i & 255}`),
        );
      const burst = Promise.all(Array.from({ length: BURST - 1 }, (_, i) => send(i, `wrong guess ${i}`)));
      // The right password goes last, once the burst has locked the name: parallel requests reach the
      // instances in no fixed order, and a right password among the first ten checked would rightly
      // be accepted.
      await vi.waitFor(
        async () =>
          expect(
            (await service.ctx.attempts.lockedUntil([attemptKeys.password('alice')], service.clock.ms)).size,
          ).toBe(1),
        { timeout: 60_000, interval: 5 },
      );
      const right = await send(BURST - 1, PASSWORD);
      const answers = [...(await burst), right];
      // The password step never says "locked" (it would tell which names exist): every answer, the
      // right password's included, is the same bytes as a wrong password's.
      expect(right.status).toBe(401);
      // Several processes on one SQLite file on a saturated machine may answer a few requests 503 (the
      // database stayed busy): such a request was not evaluated, and says nothing about the password.
      const evaluated = answers.filter((answer) => answer.status !== 503 || !isUnavailable(answer));
      expect(new Set(evaluated.map((answer) => answer.body))).toEqual(new Set([right.body]));
      // What was really evaluated: one audit entry per wrong password checked, none for a success.
      expect(await audited('login.password_failed', 'alice')).toBeLessThanOrEqual(10);
      expect(checked.passwords).toBeLessThanOrEqual(10);
      expect(await audited('login.succeeded', 'alice')).toBe(successes);

      const during = await sends[sends.length - 1]!(
        '/api/login',
        { username: 'alice', password: PASSWORD },
        { ...from('192.0.2.10'), cookie: device },
      );
      expect(during.status).toBe(200);
    }, 120_000);

    it(`evaluates at most 10 of ${BURST} parallel codes on ${BURST / 5} pending sign-ins, and refuses the right one sent last`, async () => {
      const user = await findUser(service.ctx, 'bob');
      const pending: string[] = [];
      for (let i = 0; i < BURST / 5; i++) {
        const session = await createSession(service.ctx, {
          userId: user!.id,
          stage: 'second_factor',
          ip: null,
        });
        pending.push(`kakunin_session=${session.token}`);
      }
      const right = codeFor(service, secret);
      const wrong = codeFor(service, secret, 10);
      const send = (i: number, code: string) =>
        sends[i % sends.length]!(
          '/api/login/totp',
          { code },
          { ...from(`10.2.${i >> 8}.${i & 255}`), cookie: pending[i % pending.length]! },
        );
      const burst = Promise.all(Array.from({ length: BURST - 1 }, (_, i) => send(i, wrong)));
      // The right code goes last, once the burst has locked the account: parallel requests reach the
      // instances in no fixed order, and a right code among the first ten places would rightly be
      // checked (the limit is on guesses checked, and only the first ten are).
      const key = attemptKeys.totp(user!.id);
      await vi.waitFor(
        async () => expect((await service.ctx.attempts.lockedUntil([key], service.clock.ms)).size).toBe(1),
        { timeout: 60_000, interval: 5 },
      );
      const last = await send(BURST - 1, right);
      const answers = [...(await burst), last];
      expect(last.status).toBe(423);
      const refused = answers.filter((answer) => answer.status === 423);
      expect(new Set(refused.map((answer) => answer.body))).toEqual(new Set([last.body]));
      expect(answers.filter((answer) => answer.status === 200)).toEqual([]);
      expect(await audited('login.code_failed', 'bob')).toBeLessThanOrEqual(10);
      expect(checked.codes).toBeLessThanOrEqual(10);
    }, 120_000);

    it('evaluates exactly 100 of 150 parallel failures from one address spread over accounts, and answers the rest 429', async () => {
      const answers = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          sends[i % sends.length]!(
            '/api/login',
            { username: SPRAYED[i % SPRAYED.length], password: 'wrong password' },
            from('198.51.100.7'),
          ),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(checked.passwords).toBeLessThanOrEqual(100);
      const unavailable = answers.filter(isUnavailable).length;
      // Exactly the limit evaluated and the rest refused — less any the busy database answered 503.
      expect(statuses.filter((status) => status === 401).length, String(statuses)).toBeLessThanOrEqual(100);
      expect(
        statuses.filter((status) => status === 401).length + unavailable,
        String(statuses),
      ).toBeGreaterThanOrEqual(100);
      expect(
        statuses.filter((status) => status === 429).length + unavailable,
        String(statuses),
      ).toBeGreaterThanOrEqual(50);
      expect(statuses.filter((status) => ![401, 429].includes(status) && status !== 503)).toEqual([]);
    }, 120_000);
  },
);

function from(address: string): Record<string, string> {
  return { 'x-forwarded-for': address };
}

/** Sends through fastify.inject(): one instance, no sockets. */
function injector(service: TestService): Send {
  return async (path, body, headers) => {
    const response = await service.app.inject({
      method: 'POST',
      url: path,
      payload: body as object,
      headers,
    });
    return {
      status: response.statusCode,
      body: response.body,
      cookie: cookiesOf(response.headers['set-cookie']),
    };
  };
}

/** The cookies a response set, as a Cookie header (session and device cookie). */
function cookiesOf(header: string | string[] | undefined): string | undefined {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const pairs = all.map((value) => value.split(';')[0]).filter((pair) => pair?.startsWith('kakunin_'));
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

function deviceCookie(answer: Answer): string {
  const device = answer.cookie?.split('; ').find((pair) => pair.startsWith('kakunin_device='));
  expect(device).toBeDefined();
  return device as string;
}

/** A 503 UNAVAILABLE answer: the service could not reach its database in time. */
function isUnavailable(answer: { status: number; body: string }): boolean {
  return answer.status === 503 && answer.body.includes('"UNAVAILABLE"');
}
