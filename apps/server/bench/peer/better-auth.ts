// The peer of the sign-in benchmark: better-auth with its two-factor plugin (TOTP), configured the way
// its documentation sets it up, on the same database engine as Kakunin. Only the benchmark uses it.
import { createHmac, randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { symmetricEncrypt } from 'better-auth/crypto';
import { getMigrations } from 'better-auth/db/migration';
import { twoFactor } from 'better-auth/plugins/two-factor';
import Database from 'better-sqlite3';
import pg from 'pg';

export type PeerDialect = 'sqlite' | 'postgres';

/** The password hash the peer uses: its own default (scrypt) or Kakunin's argon2id (equal cost). */
export type PeerHash = 'scrypt' | 'argon2id';

export interface PeerOptions {
  dialect: PeerDialect;
  /** SQLite file, or PostgreSQL URL. */
  location: string;
  /** PostgreSQL schema (search_path) so the run never touches other data. */
  schema?: string;
  secret: string;
  baseURL: string;
  hash: PeerHash;
}

/** Kakunin's argon2id parameters (apps/server/src/crypto/password.ts), for the equal-cost run. */
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

function database(options: PeerOptions): Database.Database | pg.Pool {
  if (options.dialect === 'sqlite') {
    const db = new Database(options.location);
    // The same journal settings Kakunin opens SQLite with.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    return db;
  }
  return new pg.Pool({
    connectionString: options.location,
    max: 16,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
}

/** The peer's whole configuration, printed with the figures. */
export function peerConfiguration(options: PeerOptions) {
  return {
    database: options.dialect === 'sqlite' ? 'better-sqlite3 (WAL)' : 'pg Pool, max 16',
    baseURL: options.baseURL,
    emailAndPassword: {
      enabled: true,
      password: options.hash === 'scrypt' ? 'default (scrypt N=16384 r=16 p=1)' : 'argon2id m=19 MiB t=2 p=1',
    },
    plugins: ['twoFactor() — TOTP: 6 digits, 30 s period, defaults; account lockout default (10 failures)'],
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
  };
}

function createAuth(options: PeerOptions, db: Database.Database | pg.Pool) {
  return betterAuth({
    database: db,
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: [options.baseURL],
    emailAndPassword: {
      enabled: true,
      ...(options.hash === 'argon2id'
        ? {
            password: {
              hash: (password: string) => argon2Hash(password, ARGON2ID),
              verify: ({ hash, password }: { hash: string; password: string }) =>
                argon2Verify(hash, password),
            },
          }
        : {}),
    },
    plugins: [twoFactor()],
    // Kakunin's benchmark server runs without its flood limit; the peer runs without its limiter.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
}

export type PeerAuth = ReturnType<typeof createAuth>;

/** The peer on its own database connection, and how to close that connection. */
export function createPeerAuth(options: PeerOptions): { auth: PeerAuth; close: () => Promise<void> } {
  const db = database(options);
  return {
    auth: createAuth(options, db),
    close: async () => {
      if (db instanceof pg.Pool) await db.end();
      else db.close();
    },
  };
}

/** One seeded peer user: its TOTP key bytes, email, and the cookies of its pending sign-ins. */
export interface PeerLogin {
  key: Uint8Array;
  email: string;
  cookies: string[];
}

/** Creates the peer's tables with its own migration tool. */
export async function migratePeer(auth: PeerAuth): Promise<void> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}

/** The cookie value better-call signs: `value.base64(HMAC-SHA-256(secret, value))`, URI-encoded. */
function signedCookie(value: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(value).digest('base64');
  return encodeURIComponent(`${value}.${signature}`);
}

/**
 * Seeds `count` users through the peer's own adapter, each with two-factor on (a TOTP key sealed the way
 * the plugin seals it), a password credential and `pending` pending sign-ins (the state its sign-in
 * leaves after the password: a verification value and the signed `two_factor` cookie).
 */
export async function seedPeer(
  auth: PeerAuth,
  count: number,
  pending: number,
  password: string,
  prefix: string,
): Promise<PeerLogin[]> {
  const ctx = await auth.$context;
  const passwordHash = await ctx.password.hash(password);
  const logins: PeerLogin[] = [];
  const expiresAt = new Date(Date.now() + 3_600_000);
  const one = async (i: number): Promise<PeerLogin> => {
    const email = `${prefix}${i}@example.com`;
    const user = await ctx.internalAdapter.createUser(
      {
        email,
        name: `${prefix}${i}`,
        emailVerified: true,
        twoFactorEnabled: true,
      },
      { method: 'email-password' },
    );
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: passwordHash,
    });
    // The plugin generates a 32-character string and uses its bytes as the HMAC key.
    const secret = randomBytes(24).toString('base64url').slice(0, 32);
    await ctx.adapter.create({
      model: 'twoFactor',
      data: {
        userId: user.id,
        secret: await symmetricEncrypt({ key: ctx.secretConfig, data: secret }),
        backupCodes: await symmetricEncrypt({ key: ctx.secretConfig, data: '[]' }),
        verified: true,
      },
    });
    const cookies: string[] = [];
    for (let n = 0; n < pending; n++) {
      const identifier = `2fa-${randomBytes(15).toString('base64url')}`;
      await ctx.internalAdapter.createVerificationValue({ value: user.id, identifier, expiresAt });
      await ctx.internalAdapter.createVerificationValue({
        value: '0',
        identifier: `2fa-attempts-${identifier}`,
        expiresAt,
      });
      cookies.push(`better-auth.two_factor=${signedCookie(identifier, ctx.secret)}`);
    }
    return { key: new TextEncoder().encode(secret), email, cookies };
  };
  const parallel = 8;
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, j) => one(start + j));
    logins.push(...(await Promise.all(batch)));
  }
  return logins;
}
