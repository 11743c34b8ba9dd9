import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formOn, postForm } from './support/forms.js';
import { addUser, dialects, setPolicy, type TestService, testService } from './support/harness.js';

// Threat: finding out which usernames exist by guessing passwords until "this account is locked"
// appears — it would appear for real accounts only. Defence: the password step answers a locked
// account exactly as it answers a wrong password for a name that does not exist, in the API and on
// the page; the lock shows only after the right password and only at the code step.
describe.each(dialects())('username enumeration through the lockout on %s', (dialect) => {
  let service: TestService;

  beforeEach(async () => {
    service = await testService(dialect);
    await addUser(service, 'alice');
    await setPolicy(service, { lockout: { maxFailures: 3, lockSeconds: 180 } });
  });
  afterEach(async () => {
    await service.close();
  });

  it('answers the API the same for an existing account that locks and for an unknown name', async () => {
    const attacker = service.client();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const [real, unknown] = [
        await attacker.send('POST', '/api/login', { username: 'alice', password: `guess ${attempt} xx` }),
        await attacker.send('POST', '/api/login', { username: 'nobody', password: `guess ${attempt} xx` }),
      ];
      expect(real.statusCode, `attempt ${attempt}`).toBe(401);
      expect(real.body, `attempt ${attempt}`).toBe(unknown.body);
      expect(real.headers['retry-after']).toBeUndefined();
    }
  });

  it('shows the same sign-in page for an existing account that locks and for an unknown name', async () => {
    const browser = service.client();
    const tokens = /name="(_csrf|_submission)" value="[^"]*"/g;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const pages: string[] = [];
      for (const username of ['alice', 'nobody']) {
        const fields = await formOn(browser, '/sign-in', '/sign-in');
        const response = await postForm(browser, '/sign-in', {
          ...fields,
          username,
          password: 'wrong password',
        });
        expect(response.statusCode).toBe(401);
        pages.push(response.body.replace(tokens, '').replace(username, 'NAME'));
      }
      expect(pages[0], `attempt ${attempt}`).toBe(pages[1]);
      expect(pages[0]).toContain('or the account is locked after too many failed attempts');
    }
  });
});
