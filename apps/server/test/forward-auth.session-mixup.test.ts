import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { forwardAuth, PROXY_IP, protect, proxiedService, signedInUser } from './support/forward-auth.js';
import { dialects, type TestService } from './support/harness.js';

// Threat: a mix-up of sessions between instances. Behind a load balancer, the proxy's checks land
// on any instance; a per-process cache could answer with another person's identity, or keep letting
// in a session that was signed out on another instance.
// Defence: an instance answers from memory only a session it read itself, and only while the
// database's epoch counter (raised by triggers on every sign-out, session change and user change, read
// at most EPOCH_POLL_MS ago) has not moved: a change made anywhere is seen everywhere within a second.
describe.each(dialects())('mix-up of sessions between instances on %s', (dialect) => {
  let a: TestService;
  let b: TestService;
  beforeEach(async () => {
    a = await proxiedService(dialect);
    b = await proxiedService(dialect, {
      test: a.test,
      clock: a.clock,
      secretKey: a.secretKey,
    });
    await protect(await signedInUser(a, 'root', 'admin'), { host: 'wiki.example.com' });
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  /** The same browser (cookie jar) going through instance `service`. */
  function via(service: TestService, browser: Client): Client {
    const twin = service.client(PROXY_IP);
    for (const [name, value] of browser.cookies) twin.cookies.set(name, value);
    return twin;
  }

  it('answers each of many interleaved sessions with its own user, on both instances', async () => {
    const browsers: [string, Client][] = [];
    for (let i = 0; i < 12; i++) {
      const name = `user${i}`;
      browsers.push([name, await signedInUser(i % 2 ? a : b, name)]);
    }
    const checks = browsers.flatMap(([name, browser]) =>
      [a, b, a, b].map(async (service) => {
        const response = await forwardAuth(via(service, browser), 'https://wiki.example.com/');
        return [name, response.headers['remote-user']];
      }),
    );
    for (const [expected, actual] of await Promise.all(checks)) expect(actual).toBe(expected);
  });

  /** How long until `check` gives `status` on instance b (it must within a second). */
  async function secondsUntil(status: number, check: () => Promise<number>): Promise<number> {
    const started = Date.now();
    await expect.poll(check, { timeout: 3000, interval: 20 }).toBe(status);
    return Date.now() - started;
  }

  it('refuses on one instance, within a second, a session signed out on the other', async () => {
    const alice = await signedInUser(a, 'alice');
    const onB = via(b, alice);
    // b remembers the session…
    expect((await forwardAuth(onB, 'https://wiki.example.com/')).statusCode).toBe(200);
    expect((await forwardAuth(onB, 'https://wiki.example.com/')).statusCode).toBe(200);
    await alice.expect('POST', '/api/logout', {}, 200);
    // …and forgets it within the bound.
    const waited = await secondsUntil(
      302,
      async () => (await forwardAuth(onB, 'https://wiki.example.com/')).statusCode,
    );
    expect(waited).toBeLessThan(1000);
  });

  it('refuses on one instance, within a second, a user disabled on the other', async () => {
    const alice = await signedInUser(a, 'alice');
    const onB = via(b, alice);
    expect((await forwardAuth(onB, 'https://wiki.example.com/')).statusCode).toBe(200);
    const root = await signedInUser(a, 'chief', 'admin');
    await root.expect('POST', '/api/admin/users/alice/disable', undefined, 200);
    const waited = await secondsUntil(
      302,
      async () => (await forwardAuth(onB, 'https://wiki.example.com/')).statusCode,
    );
    expect(waited).toBeLessThan(1000);
  });

  it('sends, within a second, a role and a name changed on the other instance', async () => {
    const alice = await signedInUser(a, 'alice');
    const onB = via(b, alice);
    expect((await forwardAuth(onB, 'https://wiki.example.com/')).headers['remote-groups']).toBe('user');
    const root = await signedInUser(a, 'chief', 'admin');
    await root.expect(
      'PATCH',
      '/api/admin/users/alice',
      { role: 'admin', displayName: 'Alice Liddell' },
      200,
    );
    const waited = await secondsUntil(0, async () => {
      const { headers, statusCode } = await forwardAuth(onB, 'https://wiki.example.com/');
      return headers['remote-groups'] === 'admin' && headers['remote-name'] === 'Alice Liddell'
        ? 0
        : statusCode;
    });
    expect(waited).toBeLessThan(1000);
  });

  it('sees a session deleted in the database by another tool within a second', async () => {
    const alice = await signedInUser(a, 'alice');
    const onB = via(b, alice);
    expect((await forwardAuth(onB, 'https://wiki.example.com/')).statusCode).toBe(200);
    // Not through the service: only the database's trigger can tell b.
    await a.test.database.db.deleteFrom('sessions').execute();
    const waited = await secondsUntil(
      302,
      async () => (await forwardAuth(onB, 'https://wiki.example.com/')).statusCode,
    );
    expect(waited).toBeLessThan(1000);
  });

  it('applies a rule changed on one instance on the other within a second', async () => {
    const alice = await signedInUser(a, 'alice');
    expect((await forwardAuth(via(b, alice), 'https://wiki.example.com/')).statusCode).toBe(200);
    const root = await signedInUser(a, 'chief', 'admin');
    await root.expect('PUT', '/api/admin/protected-hosts/wiki.example.com', { roles: ['admin'] }, 200);
    const started = Date.now();
    await expect
      .poll(async () => (await forwardAuth(via(b, alice), 'https://wiki.example.com/')).statusCode, {
        timeout: 3000,
        interval: 50,
      })
      .toBe(403);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
