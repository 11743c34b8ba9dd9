import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { DB } from '../db/schema.js';
import type { IPLimiter } from './ip-limiter.js';

/** What every service function works with: the database, the key box, the shared IP limiter, a clock. */
export interface ServiceContext {
  db: Kysely<DB>;
  box: SecretBox;
  ipLimiter: IPLimiter;
  /** Epoch milliseconds; tests pass a fixed clock. */
  now: () => number;
  /** Key of the recovery codes' HMAC digests, derived from the master key (never stored). */
  recoveryCodeKey: Uint8Array;
  /** Issuer shown in authenticators (otpauth:// `issuer`). */
  issuer: string;
}

/** Who did something, for the audit log. */
export interface Actor {
  username: string | null;
  ip: string | null;
}
