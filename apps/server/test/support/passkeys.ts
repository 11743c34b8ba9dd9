import { expect } from 'vitest';
import type { Client } from './client.js';
import { PASSWORD, type TestService } from './harness.js';
import type { SoftwareAuthenticator } from './webauthn.js';

/** Registers a passkey for a signed-in client over the API, as the account page's script does. */
export async function addPasskey(
  client: Client,
  authenticator: SoftwareAuthenticator,
  name = 'YubiKey 5',
  proof: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  // The proof (a current code) opens the re-authentication window that adding a passkey needs.
  const options = await client.expect('POST', '/api/me/passkeys/options', proof, 200);
  const response = authenticator.create(options as { challenge: string; rp: { id?: string } });
  return client.expect('POST', '/api/me/passkeys', { response, name }, 201);
}

/** Password, then the passkey as second factor; returns the client's /api/me. */
export async function signInWithPasskey(
  service: TestService,
  username: string,
  authenticator: SoftwareAuthenticator,
): Promise<Record<string, unknown>> {
  const client = service.client();
  const first = await client.expect('POST', '/api/login', { username, password: PASSWORD }, 200);
  expect(first.status).toBe('second_factor_required');
  const options = await client.expect('POST', '/api/login/passkey/options', {}, 200);
  const response = authenticator.get(options as { challenge: string; rpId?: string });
  expect(await client.expect('POST', '/api/login/passkey', { response }, 200)).toEqual({ status: 'ok' });
  return client.expect('GET', '/api/me', undefined, 200);
}
