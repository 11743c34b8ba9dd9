import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { watchSessionChanges } from './authz/session-changes.js';
import type { Config } from './config.js';
import { deriveRecoveryCodeKey } from './crypto/recovery-codes.js';
import { createSecretBox } from './crypto/secret-box.js';
import type { DB } from './db/schema.js';
import { smtpMailer } from './mail/smtp.js';
import {
  type AddressLimit,
  HashGate,
  redisAttemptStore,
  sqlAttemptStore,
} from './services/attempts/index.js';
import type { ServiceContext } from './services/context.js';
import { relyingParty } from './services/passkeys/relying-party.js';

/** What the services work with, for the web service and the operator's commands alike. */
export function createServiceContext(options: {
  config: Config;
  db: Kysely<DB>;
  secretKey: Uint8Array;
  redis?: Redis | undefined;
  now?: () => number;
  addressLimit?: AddressLimit | undefined;
}): ServiceContext {
  const { config } = options;
  return {
    // The services' writes to sessions and users make this process's forward-auth cache forget.
    db: watchSessionChanges(options.db),
    box: createSecretBox(options.secretKey),
    recoveryCodeKey: deriveRecoveryCodeKey(options.secretKey),
    attempts: options.redis ? redisAttemptStore(options.redis) : sqlAttemptStore(options.db),
    addressLimit: options.addressLimit ?? config.addressLimit,
    hashGate: new HashGate({ concurrency: config.hashConcurrency, queue: config.hashQueue }),
    now: options.now ?? Date.now,
    issuer: config.issuer,
    relyingParty: relyingParty(config.publicURL, config.issuer),
    events: new EventEmitter(),
    mailer: smtpMailer(config),
    mailQueue: new Set(),
  };
}
