import { afterEach, describe, expect, it } from 'vitest';
import { addUser, PASSWORD, type TestService, testService } from './support/harness.js';

// Threat: injected scripts, framing (clickjacking), cookies sent in clear or read by scripts.
// Defence: a strict CSP without inline scripts, helmet's headers, HttpOnly/SameSite/Secure cookies.
describe('security headers and cookie attributes', () => {
  let service: TestService;
  afterEach(async () => {
    await service.close();
  });

  it('sends a strict content security policy and helmet headers on every answer', async () => {
    service = await testService('sqlite');
    for (const url of ['/api/me', '/no-such-page']) {
      const response = await service.client().send('GET', url);
      const csp = String(response.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp.split(';').map((part) => {
          const [name, ...values] = part.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives['default-src']).toBe("'self'");
      expect(directives['script-src']).toBe("'self'");
      expect(directives['style-src']).toBe("'self'");
      expect(directives['object-src']).toBe("'none'");
      expect(directives['frame-ancestors']).toBe("'none'");
      expect(directives['base-uri']).toBe("'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('marks the session cookie HttpOnly and SameSite=Lax, without Secure on plain-http localhost', async () => {
    service = await testService('sqlite', { env: { PUBLIC_URL: 'http://localhost:3000' } });
    await addUser(service, 'alice');
    const response = await service
      .client()
      .send('POST', '/api/login', { username: 'alice', password: PASSWORD });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^kakunin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('keeps Secure when a service configured for localhost is reached under another name', async () => {
    service = await testService('sqlite', { env: { PUBLIC_URL: 'http://localhost:3000' } });
    await addUser(service, 'alice');
    const elsewhere = { headers: { host: 'sign-in.example.com:3000' } };
    const client = service.client();
    const login = await client.send(
      'POST',
      '/api/login',
      { username: 'alice', password: PASSWORD },
      elsewhere,
    );
    expect(String(login.headers['set-cookie'])).toMatch(/^kakunin_session=.*; Secure/);
    const page = await service.client().send('GET', '/sign-in', undefined, elsewhere);
    expect(String(page.headers['set-cookie'])).toMatch(/^kakunin_csrf=.*; Secure/);
    const language = await client.send('GET', '/lang/ja?next=/sign-in', undefined, elsewhere);
    expect(String(language.headers['set-cookie'])).toMatch(/^lang=ja;.*; Secure/);
    // The same service reached on the machine itself leaves Secure off, as plain http needs.
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      const local = await service.client().send('GET', '/sign-in', undefined, { headers: { host } });
      expect(String(local.headers['set-cookie'])).toMatch(/^kakunin_csrf=/);
      expect(String(local.headers['set-cookie'])).not.toContain('Secure');
    }
  });

  it('adds Secure when the public address is https', async () => {
    service = await testService('sqlite', { env: { PUBLIC_URL: 'https://sign-in.example.com' } });
    await addUser(service, 'alice');
    const response = await service
      .client()
      .send('POST', '/api/login', { username: 'alice', password: PASSWORD });
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    expect(String(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});
