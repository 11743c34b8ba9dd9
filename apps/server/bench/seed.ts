import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../src/crypto/password.js';
import { createSecretBox, totpKeyContext } from '../src/crypto/secret-box.js';
import { hashToken, randomToken } from '../src/crypto/tokens.js';
import type { DB } from '../src/db/schema.js';
import { SESSION_LIFETIME } from '../src/services/sessions.js';

/** The password of every seeded user. */
export const BENCH_PASSWORD = 'benchmark password';

/** One seeded user: its TOTP key and the cookie tokens of its pending sign-ins (the first is `token`). */
export interface SeededLogin {
  secret: Uint8Array;
  token: string;
  tokens: string[];
}

/**
 * Creates `count` users, each with an active TOTP key (sealed like the service seals it) and a pending
 * sign-in waiting for a code (or `pending` of them), in batches. One argon2 hash of BENCH_PASSWORD is
 * shared: every user signs in with it.
 */
export async function seedPendingLogins(
  db: Kysely<DB>,
  secretKey: Uint8Array,
  count: number,
  pending = 1,
  prefix = 'bench',
): Promise<SeededLogin[]> {
  const box = createSecretBox(secretKey);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const now = Date.now();
  const logins: SeededLogin[] = [];
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: size }, (_, i) => ({
          username: `${prefix}${start + i}`,
          password_hash: passwordHash,
          role: 'user' as const,
          created_at: now,
        })),
      )
      .returning('id')
      .execute();
    const rows = users.map(({ id }) => ({
      id,
      secret: new Uint8Array(randomBytes(20)),
      tokens: Array.from({ length: pending }, () => randomToken()),
    }));
    await db
      .insertInto('totp_credentials')
      .values(
        rows.map((row) => ({
          user_id: row.id,
          state: 'active' as const,
          secret_box: box.seal(row.secret, totpKeyContext(row.id)),
          last_step: -1,
          created_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        rows.flatMap((row) =>
          row.tokens.map((token) => ({
            id: hashToken(token),
            user_id: row.id,
            stage: 'second_factor' as const,
            created_at: now,
            // Long enough for seeding plus the run; the service itself gives pending sign-ins 5 minutes.
            expires_at: now + SESSION_LIFETIME.second_factor * 6,
            ip: '127.0.0.1',
          })),
        ),
      )
      .execute();
    for (const row of rows) logins.push({ secret: row.secret, token: row.tokens[0]!, tokens: row.tokens });
  }
  return logins;
}
