// Threat: a password-reset link's token (valid 30 minutes) copied into the request log, where anyone
// who reads the logs could use it. The log shows the request with the token masked.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/app.js';
import { type TestService, testService } from './support/harness.js';

describe('request log', () => {
  const lines: string[] = [];
  let service: TestService;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    service = await testService('sqlite', {
      env: { SMTP_URL: 'smtp://127.0.0.1:1' },
      logger: { ...loggerOptions({ logLevel: 'info' }), stream },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('never holds a password-reset token, but still the path it was sent to', async () => {
    const token = 'kkr_this-token-must-not-reach-the-log';
    await service.client().send('GET', `/sign-in/reset?token=${token}&lang=ja`);
    const log = lines.join('');
    expect(log).toContain('/sign-in/reset?token=[redacted]&lang=ja');
    expect(log).not.toContain(token);
  });
});
