import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestService, testService } from './support/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Fault finding across instances: one id per request, the proxy's own when it sends one, so a line in
// the proxy's log and the service's log (and the answer) can be matched; never something that could
// forge a log line.
describe('X-Request-Id', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite');
  });
  afterAll(() => service.close());

  const ask = (id?: string) =>
    service.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: id === undefined ? {} : { 'x-request-id': id },
    });

  it("passes the caller's plain id through to the answer, on errors too", async () => {
    expect((await ask('lb-7f3a.42')).headers['x-request-id']).toBe('lb-7f3a.42');
    const missing = await service.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { 'x-request-id': 'trace/abc=1' },
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['x-request-id']).toBe('trace/abc=1');
  });

  it('gives every other request a random UUID of its own', async () => {
    const ids = await Promise.all([ask(), ask(), ask('has spaces in it'), ask('x'.repeat(129)), ask('')]);
    const seen = ids.map((answer) => answer.headers['x-request-id']);
    for (const id of seen) expect(id).toMatch(UUID);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
