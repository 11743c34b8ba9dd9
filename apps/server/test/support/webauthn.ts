// A software authenticator for API tests: it makes the registration and assertion answers a browser
// would send (attestation "none", ES256), so the service's WebAuthn checks run for real without a
// browser. It can also misbehave on request (wrong origin or RP ID, a counter that goes back).
import { createHash, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

type CBOR = number | string | Uint8Array | CBOR[] | Map<CBOR, CBOR> | { [key: string]: CBOR };

/** Minimal CBOR (RFC 8949) encoder: what an attestation object and a COSE key need. */
function cbor(value: CBOR): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 256) return Buffer.from([(major << 5) | 24, length]);
    const out = Buffer.alloc(3);
    out[0] = (major << 5) | 25;
    out.writeUInt16BE(length, 1);
    return out;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | string): Buffer => createHash('sha256').update(bytes).digest();

// Authenticator data flags. @see W3C WebAuthn Level 3 §6.1
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export interface Misbehaviour {
  /** The origin the "browser" reports (default: the service's). */
  origin?: string;
  /** The RP ID the authenticator signs for (default: the options' / the service's). */
  rpId?: string;
  /** Sign with this counter instead of the next one. */
  counter?: number;
  /** Answer another challenge than the one in the options. */
  challenge?: string;
}

/** One credential on a software authenticator. */
export class SoftwareAuthenticator {
  readonly credentialId: Buffer = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicJWK: { x: string; y: string };
  counter = 0;

  constructor(
    private readonly origin: string,
    /** Whether it verifies the person (PIN, biometrics): passkeys do, simple security keys may not. */
    readonly userVerification = true,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicJWK = { x: jwk.x as string, y: jwk.y as string };
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private authData(rpId: string, counter: number, attested: boolean): Buffer {
    const flags = UP | (this.userVerification ? UV : 0) | (attested ? AT : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts = [sha256(rpId), Buffer.from([flags]), count];
    if (attested) {
      // COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y. @see RFC 9053 §7.1.1
      const coseKey = new Map<CBOR, CBOR>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.publicJWK.x, 'base64url')],
        [-3, Buffer.from(this.publicJWK.y, 'base64url')],
      ]);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), length, this.credentialId, cbor(coseKey));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, misbehave: Misbehaviour): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge: misbehave.challenge ?? challenge,
        origin: misbehave.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  /** The answer to `navigator.credentials.create(options)`. */
  create(
    options: { challenge: string; rp: { id?: string } },
    misbehave: Misbehaviour = {},
  ): Record<string, unknown> {
    const rpId = misbehave.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, misbehave);
    const attestationObject = cbor({
      fmt: 'none',
      attStmt: {},
      authData: this.authData(rpId, this.counter, true),
    });
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** The answer to `navigator.credentials.get(options)`; each call moves the counter on. */
  get(options: { challenge: string; rpId?: string }, misbehave: Misbehaviour = {}): Record<string, unknown> {
    const rpId = misbehave.rpId ?? options.rpId ?? new URL(this.origin).hostname;
    this.counter += 1;
    const authenticatorData = this.authData(rpId, misbehave.counter ?? this.counter, false);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, misbehave);
    const signature = createSign('sha256')
      .update(Buffer.concat([authenticatorData, sha256(clientDataJSON)]))
      .sign(this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
