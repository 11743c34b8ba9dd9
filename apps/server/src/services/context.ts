import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { DB } from '../db/schema.js';
import type { Mailer } from '../mail/notify.js';
import type { HashGate } from './attempts/hash-gate.js';
import type { AddressLimit } from './attempts/rules.js';
import type { AttemptStore } from './attempts/store.js';
import type { RelyingParty } from './passkeys/relying-party.js';

/**
 * What every service function works with: the database, the key box, the shared failure counters,
 * the password-hashing gate, a clock.
 */
export interface ServiceContext {
  db: Kysely<DB>;
  box: SecretBox;
  /** Failure counters shared by every instance (database or Redis). */
  attempts: AttemptStore;
  /** Attempts allowed per client address. */
  addressLimit: AddressLimit;
  hashGate: HashGate;
  /** Epoch milliseconds; tests pass a fixed clock. */
  now: () => number;
  /** Key of the recovery codes' HMAC digests, derived from the master key (never stored). */
  recoveryCodeKey: Uint8Array;
  /** Issuer shown in authenticators (otpauth:// `issuer`). */
  issuer: string;
  /** Who passkeys are registered to and sign for: PUBLIC_URL's host name and origin. */
  relyingParty: RelyingParty;
  /** Sign-in results, locks and refusals, for metrics and logs (names like `login.succeeded`). */
  events: EventEmitter;
  /** Sends mail; undefined when no mail server is configured (no notices, no password-reset links). */
  mailer: Mailer | undefined;
  /** Mail work still running in the background (shutdown waits for it). */
  mailQueue: Set<Promise<void>>;
}

/** Who did something, for the audit log. */
export interface Actor {
  username: string | null;
  ip: string | null;
  /** The API token a call was made with: the actor is then that token of `username`, its creator. */
  token?: { id: number; name: string };
}
