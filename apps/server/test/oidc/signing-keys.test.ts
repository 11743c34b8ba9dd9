import { createPublicKey, verify } from 'node:crypto';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_GRACE_MS } from '../../src/oidc/signing-keys.js';
import { Client } from '../support/client.js';
import { addUser, dialects, PASSWORD } from '../support/harness.js';
import {
  Browser,
  listeningService,
  type OIDCTestService,
  registerApp,
  relyingParty,
  signInToApp,
} from '../support/oidc.js';

interface JWK {
  kid: string;
  alg: string;
  kty: string;
  d?: string;
}

/** Verifies an RS256 ID token's signature against a published JWKS, as a relying party does. */
function verifiesWith(idToken: string, jwks: JWK[]): boolean {
  const [header = '', payload = '', signature = ''] = idToken.split('.');
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as JWK;
  const key = jwks.find((candidate) => candidate.kid === kid);
  if (!key || alg !== 'RS256') return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: key as never, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

function kidOf(idToken: string): string {
  return JSON.parse(Buffer.from(idToken.split('.')[0] as string, 'base64url').toString()).kid;
}

describe.each(dialects())('signing-key rotation (%s)', (dialect) => {
  let service: OIDCTestService;
  let config: client.Configuration;

  beforeAll(async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    config = await relyingParty(service, await registerApp(service));
  });
  afterAll(async () => service.close());

  async function idToken(): Promise<string> {
    return (await signInToApp(config, new Browser(), 'alice')).id_token as string;
  }

  const jwks = async (): Promise<JWK[]> =>
    ((await (await fetch(`${service.issuer}/oidc/jwks`)).json()) as { keys: JWK[] }).keys;

  it('new keys sign, the old public keys stay published for the grace period, then go', async () => {
    const before = await idToken();
    const oldKeys = await jwks();
    expect(oldKeys).toHaveLength(2);
    expect(verifiesWith(before, oldKeys)).toBe(true);

    // An administrator rotates the keys through the API.
    await addUser(service, 'root', 'admin');
    const root = new Client(service.app, '127.0.0.1', () => service.clock.ms);
    await root.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    await root.expect('POST', '/api/admin/oidc/signing-keys/rotate', {}, 200);

    const published = await jwks();
    expect(published).toHaveLength(4);
    expect(published.some((key) => key.d !== undefined)).toBe(false);
    // A token signed before the rotation still verifies…
    expect(verifiesWith(before, published)).toBe(true);
    // …and new tokens are signed with the new RS256 key, which verifies too.
    const after = await idToken();
    expect(kidOf(after)).not.toBe(kidOf(before));
    expect(oldKeys.some((key) => key.kid === kidOf(after))).toBe(false);
    expect(verifiesWith(after, published)).toBe(true);
    const events = (await root.expect('GET', '/api/admin/audit', undefined, 200)).events as {
      event: string;
    }[];
    expect(events.some((entry) => entry.event === 'oidc.keys_rotated')).toBe(true);

    // After the grace period the replaced keys leave the JWKS (at the next load of the keys).
    service.clock.advance(KEY_GRACE_MS / 1000 + 1);
    await service.app.oidc.reload();
    const later = await jwks();
    expect(later.map((key) => key.kid).sort()).toEqual(
      published
        .filter((key) => !oldKeys.some((old) => old.kid === key.kid))
        .map((key) => key.kid)
        .sort(),
    );
    expect(verifiesWith(before, later)).toBe(false);
  });
});
