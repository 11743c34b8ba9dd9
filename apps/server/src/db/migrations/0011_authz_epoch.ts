import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../migrations.js';

// What a forward-auth check copies from a session and its user: a change to any of these ends or
// alters what the proxy is told.
const SESSION_COLUMNS = 'id, user_id, stage, amr, expires_at';
const USER_COLUMNS = 'username, role, display_name, email, disabled_at';

/**
 * A counter that every instance reads now and then to know whether what it remembers of signed-in
 * sessions still holds: the database itself raises it whenever a full session ends or changes, or a
 * user's name, role, address or disabled state changes — whatever code, instance or tool made the change.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('authz_epoch')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('value', 'bigint', (col) => col.notNull())
    .execute();
  await db.insertInto('authz_epoch').values({ id: 1, value: 0 }).execute();
  const bump = 'update authz_epoch set value = value + 1 where id = 1';
  const triggers = [
    { name: 'authz_epoch_session_ended', when: 'delete', table: 'sessions', only: "old.stage = 'full'" },
    {
      name: 'authz_epoch_session_changed',
      when: `update of ${SESSION_COLUMNS}`,
      table: 'sessions',
      only: "old.stage = 'full'",
    },
    { name: 'authz_epoch_user_deleted', when: 'delete', table: 'users', only: undefined },
    { name: 'authz_epoch_user_changed', when: `update of ${USER_COLUMNS}`, table: 'users', only: undefined },
  ];
  if (dialect === 'postgres') {
    // Unqualified: the table is found on the connection's search path, like every other query's.
    await sql
      .raw(
        `create or replace function authz_epoch_bump() returns trigger language plpgsql as $$ begin ${bump}; return null; end $$`,
      )
      .execute(db);
  }
  for (const { name, when, table, only } of triggers) {
    const condition = only ? ` when (${only})` : '';
    const statement =
      dialect === 'postgres'
        ? `create trigger ${name} after ${when} on ${table} for each row${condition} execute function authz_epoch_bump()`
        : `create trigger ${name} after ${when} on ${table} for each row${condition} begin ${bump}; end`;
    await sql.raw(statement).execute(db);
  }
}
