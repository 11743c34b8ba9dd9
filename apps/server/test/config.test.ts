import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseURL: undefined,
      redisURL: undefined,
      logLevel: 'info',
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.publicURL.origin).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
    expect(config.issuer).toBe('Kakunin');
  });

  it('names the service after its public host in authenticators, unless KAKUNIN_ISSUER says otherwise', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://sign-in.example.com' }).issuer).toBe('sign-in.example.com');
    expect(
      loadConfig({ PUBLIC_URL: 'https://sign-in.example.com', KAKUNIN_ISSUER: 'Example Corp' }).issuer,
    ).toBe('Example Corp');
    expect(() => loadConfig({ KAKUNIN_ISSUER: 'Example:Corp' })).toThrow(/KAKUNIN_ISSUER/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      KAKUNIN_DATA_DIR: '/var/lib/kakunin',
      DATABASE_URL: 'postgres://kakunin@db:5432/kakunin',
      REDIS_URL: 'redis://cache:6379',
      KAKUNIN_SECRET_KEY: 'ab'.repeat(32),
      KAKUNIN_ADMIN_PASSWORD: 'first admin password',
      PUBLIC_URL: 'https://sign-in.example.com',
      LOG_LEVEL: 'WARN',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/kakunin',
      databaseURL: 'postgres://kakunin@db:5432/kakunin',
      redisURL: 'redis://cache:6379',
      adminPassword: 'first admin password',
      secureCookies: true,
      logLevel: 'warn',
    });
    expect(config.secretKey).toEqual(new Uint8Array(32).fill(0xab));
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(false);
    const publicURL = 'https://auth.example.com';
    expect(loadConfig({ PUBLIC_URL: publicURL, KAKUNIN_COOKIE_DOMAIN: '.Example.com' }).cookieDomain).toBe(
      'example.com',
    );
    expect(loadConfig({}).cookieDomain).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: publicURL, KAKUNIN_COOKIE_DOMAIN: 'other.org' })).toThrow(
      /KAKUNIN_COOKIE_DOMAIN: must be the host of PUBLIC_URL \(auth.example.com\) or a domain above it/,
    );
    expect(() => loadConfig({ PUBLIC_URL: publicURL, KAKUNIN_COOKIE_DOMAIN: 'com' })).toThrow(
      /KAKUNIN_COOKIE_DOMAIN: expected a domain with at least one dot/,
    );
    expect(loadConfig({ KAKUNIN_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey).toEqual(
      new Uint8Array(32).fill(7),
    );
  });

  it.each([
    ['PORT', 'abc', /PORT: expected a port number/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected an address starting with postgres:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL/],
    ['REDIS_URL', 'http://x', /REDIS_URL/],
    ['KAKUNIN_SECRET_KEY', 'too short', /KAKUNIN_SECRET_KEY: expected 32 random bytes/],
    ['KAKUNIN_ADMIN_PASSWORD', 'short', /KAKUNIN_ADMIN_PASSWORD/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL/],
    ['PUBLIC_URL', 'http://sign-in.example.com', /plain http is only allowed on localhost/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['TRUST_PROXY', 'everyone', /TRUST_PROXY/],
  ])('names %s when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
