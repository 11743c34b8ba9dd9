import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DB } from '../db/schema.js';

/**
 * Whether an id from a request can name a stored payload: the provider makes its ids of base64url
 * characters, and PostgreSQL's text refuses a NUL byte outright (a server error instead of "not found").
 */
function storable(id: string): boolean {
  return !id.includes('\u0000');
}

/**
 * oidc-provider's storage on our database: every model (codes, tokens, grants, sessions, interactions)
 * is one row of JSON keyed by (model, id), with the columns its lookups need. Several instances of the
 * service share it, so a code issued by one is redeemed at another.
 */
export class KyselyAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly model: string,
    private readonly now: () => number = Date.now,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      uid: payload.uid ?? null,
      user_code: payload.userCode ?? null,
      account_id: payload.accountId ?? null,
      client_id: payload.clientId ?? null,
      expires_at: expiresIn ? this.now() + expiresIn * 1000 : null,
      consumed_at: null,
    };
    await this.db
      .insertInto('oidc_payloads')
      .values({ model: this.model, id, ...row })
      .onConflict((conflict) => conflict.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  /** Marks a single-use artefact (an authorization code) as used; the provider refuses it afterwards. */
  async consume(id: string): Promise<void> {
    if (!storable(id)) return;
    await this.db
      .updateTable('oidc_payloads')
      .set({ consumed_at: this.now() })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    if (!storable(id)) return;
    await this.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
  }

  /** Revokes everything issued under a grant, whatever the model (tokens, codes, the grant itself). */
  async revokeByGrantId(grantId: string): Promise<void> {
    if (!storable(grantId)) return;
    await this.db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  }

  private async findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    if (!storable(value)) return undefined;
    const row = await this.db
      .selectFrom('oidc_payloads')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at !== null && Number(row.expires_at) <= this.now()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    // The provider reads `consumed` to refuse a second redemption of a code.
    if (row.consumed_at !== null) payload.consumed = Math.floor(Number(row.consumed_at) / 1000);
    return payload;
  }
}

/** Deletes expired payloads; run now and then (lookups already ignore them). */
export async function deleteExpiredPayloads(db: Kysely<DB>, now: number): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
