import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeLocalPath } from '../src/web/routes/language.js';
import { type TestService, testService } from './support/harness.js';

// Threat: the language switch as an open redirect (`/lang/en?next=/%09/host` — browsers drop the tab
// and go to //host), and a `next` with a newline or a non-ASCII character crashing the answer (500).
// Defence: only printable-ASCII paths of this site, parsed; anything else goes to `/`; never a 5xx.
describe('the language switch', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite');
  });
  afterAll(async () => {
    await service.close();
  });

  it.each([
    ['/%09/evil.example', '/'],
    ['/%0a/evil.example', '/'],
    ['%2F%2Fevil.example', '/'],
    ['/%5Cevil.example', '/'],
    ['https://evil.example/', '/'],
    ['/%E5%B1%B1', '/'],
    ['/%0d%0aSet-Cookie:x=1', '/'],
    ['/account', '/account'],
    ['/admin/users/%25E5%25B1%25B1', '/admin/users/%E5%B1%B1'],
    ['/admin/audit%3Fbefore%3D5', '/admin/audit?before=5'],
  ])('next=%s goes to %s', async (next, location) => {
    const response = await service.client().send('GET', `/lang/ja?next=${next}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(location);
  });

  it('never lets a parsed path leave the site', () => {
    for (const next of ['/\t/evil.example', '/\\evil.example', '//evil.example', '/\n', '/ü', 42, undefined])
      expect(safeLocalPath(next)).toBe('/');
    expect(safeLocalPath('/a/../b?c#d')).toBe('/b?c#d');
  });
});
