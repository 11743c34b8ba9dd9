/**
 * Passkeys with the WebAuthn PRF extension: the authenticator turns a stored input (the slot's PRF
 * salt) into 32 secret bytes after the person's fingerprint, face or PIN. No server takes part, so the
 * challenge is random and unchecked: what protects the vault is the PRF output, which only that
 * credential on that authenticator can produce, after user verification.
 */

/** Why a passkey cannot be used here. */
export type PasskeyProblem = 'unsupported' | 'no-prf' | 'cancelled';

export class PasskeyError extends Error {
  constructor(readonly problem: PasskeyProblem) {
    super(problem);
    this.name = 'PasskeyError';
  }
}

const random = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** True when this browser has a platform authenticator that verifies the person (fingerprint, face, PIN). */
export async function passkeysAvailable(): Promise<boolean> {
  try {
    return (
      typeof PublicKeyCredential !== 'undefined' &&
      (await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable())
    );
  } catch {
    return false;
  }
}

type PRFResults = { enabled?: boolean; results?: { first?: BufferSource } };
const prfOf = (c: PublicKeyCredential): PRFResults | undefined =>
  (c.getClientExtensionResults() as { prf?: PRFResults }).prf;

const asBytes = (b: BufferSource): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Asks the authenticator for the PRF output of one of these credentials on `prfSalt`. */
export async function evaluatePRF(
  credentialIds: readonly string[],
  prfSalt: Uint8Array,
): Promise<{ credentialId: string; prfOutput: Uint8Array }> {
  let credential: PublicKeyCredential | null;
  try {
    credential = (await navigator.credentials.get({
      publicKey: {
        challenge: random(32),
        allowCredentials: credentialIds.map((id) => ({ type: 'public-key' as const, id: fromBase64url(id) })),
        userVerification: 'required',
        extensions: {
          prf: { eval: { first: new Uint8Array(prfSalt) } },
        } as AuthenticationExtensionsClientInputs,
      },
    })) as PublicKeyCredential | null;
  } catch {
    throw new PasskeyError('cancelled');
  }
  const first = credential && prfOf(credential)?.results?.first;
  if (!credential || !first) throw new PasskeyError('no-prf');
  return { credentialId: credential.id, prfOutput: asBytes(first) };
}

/**
 * Registers a new passkey for the app and returns its PRF output on a fresh salt.
 * @throws PasskeyError 'unsupported', 'no-prf' (the authenticator cannot derive keys) or 'cancelled'
 */
export async function registerPasskey(
  rpName: string,
): Promise<{ credentialId: string; prfSalt: Uint8Array; prfOutput: Uint8Array }> {
  if (!(await passkeysAvailable())) throw new PasskeyError('unsupported');
  const prfSalt = random(32);
  let created: PublicKeyCredential | null;
  try {
    created = (await navigator.credentials.create({
      publicKey: {
        rp: { name: rpName },
        user: { id: random(16), name: rpName, displayName: rpName },
        challenge: random(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: {
          authenticatorAttachment: 'platform',
          residentKey: 'preferred',
          userVerification: 'required',
        },
        extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
      },
    })) as PublicKeyCredential | null;
  } catch {
    throw new PasskeyError('cancelled');
  }
  if (!created) throw new PasskeyError('cancelled');
  const prf = prfOf(created);
  if (!prf?.enabled) throw new PasskeyError('no-prf');
  // Some authenticators give the PRF output at creation; the others need one assertion.
  const first = prf.results?.first;
  const prfOutput = first ? asBytes(first) : (await evaluatePRF([created.id], prfSalt)).prfOutput;
  return { credentialId: created.id, prfSalt, prfOutput };
}
