import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { recordAudit } from '../services/audit.js';
import type { Actor, ServiceContext } from '../services/context.js';

/** The algorithms tokens are signed with: RS256 for every relying party, ES256 for those that ask. */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** How long a replaced key stays published, so tokens it signed still verify. */
export const KEY_GRACE_MS = 7 * 24 * 60 * 60_000;

/** A private signing key as oidc-provider takes it. */
export type SigningJWK = JsonWebKey & { kid: string; alg: SigningAlgorithm; use: 'sig' };

/** Associated data of a sealed signing key: bound to its kid. */
export function signingKeyContext(kid: string): string {
  return `kakunin/oidc-signing-key/v1/${kid}`;
}

function generate(alg: SigningAlgorithm): SigningJWK {
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `${alg.toLowerCase()}-${randomBytes(12).toString('base64url')}`;
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

async function insertKeys(ctx: ServiceContext, keys: SigningJWK[], now: number): Promise<void> {
  await ctx.db
    .insertInto('oidc_signing_keys')
    .values(
      keys.map((key) => ({
        kid: key.kid,
        alg: key.alg,
        private_box: ctx.box.seal(new TextEncoder().encode(JSON.stringify(key)), signingKeyContext(key.kid)),
        created_at: now,
        retired_at: null,
      })),
    )
    .execute();
}

/**
 * The signing keys every instance uses, creating them on the first start. Current keys come first (the
 * provider signs with the first key of each algorithm), then replaced keys still in their grace period,
 * which stay in the JWKS only so that relying parties can verify tokens signed before a rotation.
 */
export async function loadSigningKeys(ctx: ServiceContext): Promise<SigningJWK[]> {
  const now = ctx.now();
  await ctx.db
    .deleteFrom('oidc_signing_keys')
    .where('retired_at', '<=', now - KEY_GRACE_MS)
    .execute();
  let rows = await readKeys(ctx);
  const missing = SIGNING_ALGORITHMS.filter(
    (alg) => !rows.some((row) => row.alg === alg && row.retired_at === null),
  );
  if (missing.length > 0) {
    await insertKeys(ctx, missing.map(generate), now);
    rows = await readKeys(ctx);
  }
  return rows.map((row) =>
    JSON.parse(new TextDecoder().decode(ctx.box.open(row.private_box, signingKeyContext(row.kid)))),
  );
}

/** A fingerprint of the key set, cheap to compare: instances reload their provider when it changes. */
export async function signingKeysVersion(ctx: ServiceContext): Promise<string> {
  const rows = await ctx.db
    .selectFrom('oidc_signing_keys')
    .select(['kid', 'retired_at'])
    .orderBy('kid')
    .execute();
  return rows.map((row) => `${row.kid}:${row.retired_at ?? ''}`).join(',');
}

/** Replaces the current keys with new ones; the old public keys stay published for KEY_GRACE_MS. */
export async function rotateSigningKeys(ctx: ServiceContext, actor: Actor): Promise<void> {
  const now = ctx.now();
  const fresh = SIGNING_ALGORITHMS.map(generate);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('oidc_signing_keys')
      .set({ retired_at: now })
      .where('retired_at', 'is', null)
      .execute();
    await insertKeys({ ...ctx, db: trx }, fresh, now + 1);
  });
  await recordAudit(ctx, {
    event: 'oidc.keys_rotated',
    actor,
    details: { kids: fresh.map((key) => key.kid) },
  });
}

async function readKeys(ctx: ServiceContext) {
  const rows = await ctx.db
    .selectFrom('oidc_signing_keys')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .execute();
  // Current keys first, then the replaced ones, newest first within each.
  return [...rows.filter((row) => row.retired_at === null), ...rows.filter((row) => row.retired_at !== null)];
}
