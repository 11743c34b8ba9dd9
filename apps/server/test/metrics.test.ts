import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// `GET /metrics` for Prometheus: closed unless KAKUNIN_METRICS_TOKEN is set, and then only to that
// token (sign-in counts and latencies tell an attacker how a guessing run is going). The counters
// follow what sign-ins really did, on each database.

const TOKEN = 'scrape-token-0123456789abcdef';

/** The samples of a Prometheus text answer: name, labels and value per line. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/gi)].map((pair) => [pair[1], pair[2]]),
      );
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

describe.each(dialects())('metrics on %s', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService(dialect, { env: { KAKUNIN_METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await service.close();
  });

  async function scrape(authorization?: string) {
    return service.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: authorization === undefined ? {} : { authorization },
    });
  }

  /** The value of one series (0 when it does not exist yet). */
  async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.statusCode).toBe(200);
    const found = samples(response.body).find(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, want]) => sample.labels[key] === want),
    );
    return found?.value ?? 0;
  }

  it('refuses a scrape without the token, with another scheme or with a wrong token', async () => {
    for (const authorization of [
      undefined,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      'Bearer scrape-token-0123456789abcdeX',
      `Bearer ${TOKEN}x`,
      'Bearer ',
    ]) {
      const response = await scrape(authorization);
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.json().error.code).toBe('INVALID_TOKEN');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.body).not.toContain('kakunin_');
    }
    expect((await scrape(`Bearer ${TOKEN}`)).headers['content-type']).toMatch(/^text\/plain/);
  });

  it('counts a wrong password, a sign-in with a code, a replayed code and a lockout', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    await addUser(service, 'bob');
    await setPolicy(service, { lockout: { maxFailures: 2, lockSeconds: 180 } });
    const before = {
      wrong: await value('kakunin_password_attempts_total', { result: 'wrong' }),
      ok: await value('kakunin_password_attempts_total', { result: 'ok' }),
      // alice signed in with her password alone before she registered the authenticator.
      passwordOnly: await value('kakunin_sign_ins_total', { method: 'password' }),
    };

    const attacker = service.client('203.0.113.9');
    await attacker.expect('POST', '/api/login', { username: 'alice', password: 'not the password' }, 401);
    expect(await value('kakunin_password_attempts_total', { result: 'wrong' })).toBe(before.wrong + 1);

    const alice = service.client();
    await alice.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    const code = codeFor(service, secret);
    await alice.expect('POST', '/api/login/totp', { code }, 200);
    expect(await value('kakunin_password_attempts_total', { result: 'ok' })).toBe(before.ok + 1);
    expect(await value('kakunin_second_factor_attempts_total', { factor: 'code', result: 'ok' })).toBe(1);
    expect(await value('kakunin_sign_ins_total', { method: 'totp' })).toBe(1);

    const again = service.client();
    await again.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    expect(await again.errorCode('POST', '/api/login/totp', { code })).toBe('CODE_ALREADY_USED');
    expect(await value('kakunin_second_factor_attempts_total', { factor: 'code', result: 'replayed' })).toBe(
      1,
    );

    // bob has no second factor: the second wrong password locks his shared counter (answered as
    // locked, like the third, which is refused unchecked).
    expect(await value('kakunin_lockouts_total')).toBe(0);
    for (let i = 0; i < 3; i++) {
      await attacker.expect('POST', '/api/login', { username: 'bob', password: `guess ${i}` }, 401);
    }
    expect(await value('kakunin_lockouts_total')).toBe(1);
    expect(await value('kakunin_password_attempts_total', { result: 'locked' })).toBe(2);
    expect(await value('kakunin_password_attempts_total', { result: 'wrong' })).toBe(before.wrong + 2);
    expect(await value('kakunin_sign_ins_total', { method: 'password' })).toBe(before.passwordOnly);
    await service.client().expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 401);

    const text = (await scrape(`Bearer ${TOKEN}`)).body;
    // Latency by route pattern and status; no user name, address or code in any label.
    const histogram = samples(text).filter((sample) =>
      sample.name.startsWith('kakunin_http_request_duration_seconds'),
    );
    expect(
      histogram.some((sample) => sample.labels.route === '/api/login' && sample.labels.status === '401'),
    ).toBe(true);
    for (const secretValue of ['alice', 'bob', '203.0.113.9', code, PASSWORD, TOKEN]) {
      expect(text).not.toContain(secretValue);
    }
    expect(await value('kakunin_password_hashes', { state: 'running' })).toBe(0);
    expect(await value('kakunin_password_hashes_refused_total')).toBe(0);
    const pool = samples(text).filter((sample) => sample.name === 'kakunin_database_pool_connections');
    if (dialect === 'postgres') {
      expect(pool.find((sample) => sample.labels.state === 'total')?.value).toBeGreaterThan(0);
      expect(pool.find((sample) => sample.labels.state === 'waiting')?.value).toBe(0);
    } else expect(pool).toEqual([]);
  });

  it('has no endpoint in a service without a token, whose counts stay its own', async () => {
    const other = await testService(dialect);
    try {
      const response = await other.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('kakunin_');
      const wrongBefore = await value('kakunin_password_attempts_total', { result: 'wrong' });
      await addUser(other, 'carol');
      await other.client().expect('POST', '/api/login', { username: 'carol', password: 'wrong!' }, 401);
      expect(await value('kakunin_password_attempts_total', { result: 'wrong' })).toBe(wrongBefore);
    } finally {
      await other.close();
    }
  });

  it('counts sign-ins refused because the password-hashing cap is full', async () => {
    const capped = await testService(dialect, {
      env: { KAKUNIN_METRICS_TOKEN: TOKEN, KAKUNIN_HASH_CONCURRENCY: '1', KAKUNIN_HASH_QUEUE: '0' },
    });
    try {
      await addUser(capped, 'dave');
      // One place in all: of two sign-ins at once from one address, the second is refused (503).
      const answers = await Promise.all(
        [1, 2].map(() =>
          capped.client().send('POST', '/api/login', { username: 'dave', password: PASSWORD }),
        ),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 503]);
      const text = (
        await capped.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).body;
      const find = (name: string, labels: Record<string, string> = {}) =>
        samples(text).find(
          (sample) =>
            sample.name === name &&
            Object.entries(labels).every(([key, want]) => sample.labels[key] === want),
        )?.value;
      expect(find('kakunin_password_hashes_refused_total')).toBe(1);
      expect(find('kakunin_password_attempts_total', { result: 'busy' })).toBe(1);
      expect(find('kakunin_password_hashes', { state: 'waiting' })).toBe(0);
    } finally {
      await capped.close();
    }
  });
});
