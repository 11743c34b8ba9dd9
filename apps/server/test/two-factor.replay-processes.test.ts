import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { HTTPClient, type ServerProcess, startServerProcess } from './support/processes.js';

// Threat: a code raced against several server processes behind a load balancer, each of which would
// accept it on its own. Defence: the one atomic UPDATE in the shared database decides.
describe.each(dialects())('two-factor replay across server processes on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  let servers: ServerProcess[] = [];
  beforeEach(async () => {
    service = await testService(dialect);
    ({ secret } = await userWithTwoFactor(service, 'alice'));
    await setPolicy(service, { lockout: { maxFailures: 100, lockSeconds: 180 } });
    service.clock.advance(60);
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await service.close();
  });

  it('gives exactly one success to the same code sent to three processes at once', async () => {
    const env: Record<string, string> = {
      KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
      KAKUNIN_TEST_NOW: String(service.clock.ms),
    };
    if (dialect === 'postgres') {
      env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
      env.KAKUNIN_TEST_SCHEMA = service.test.database.schema ?? '';
    } else {
      env.KAKUNIN_DATA_DIR = dirname(service.test.file ?? '');
    }
    servers = await Promise.all([1, 2, 3].map(() => startServerProcess(env)));
    const clients = servers.flatMap((server) => [1, 2, 3, 4].map(() => new HTTPClient(server.url)));
    for (const client of clients) {
      expect(await client.post('/api/login', { username: 'alice', password: PASSWORD })).toBe(200);
    }
    const code = codeFor(service, secret);
    const statuses = await Promise.all(clients.map((client) => client.post('/api/login/totp', { code })));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(clients.length - 1);
  }, 60_000);
});
