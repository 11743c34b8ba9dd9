// On a PostgreSQL database shared with others (several deployments, or test runs side by side), a
// schema, table or column dropped by someone else while Kakunin migrates its own must not fail the
// migration (Kysely's own introspection reads the catalogue of every schema, by name).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('migrations on a PostgreSQL database where others drop schemas', () => {
  it('migrates its own schema while other schemas come and go', async () => {
    const other = await openDatabase({ databaseURL: url as string });
    const ours: string[] = [];
    let churning = true;
    // Others: schemas whose tables and columns come and go as fast as the server allows.
    const churn = (async () => {
      while (churning) {
        const name = `kakunin_churn_${randomBytes(4).toString('hex')}`;
        await sql`create schema ${sql.id(name)}`.execute(other.db);
        await sql`create table ${sql.id(name)}.t (id serial primary key)`.execute(other.db);
        await sql`create table ${sql.id(name)}.u (id int)`.execute(other.db);
        await sql`alter table ${sql.id(name)}.t add column email text`.execute(other.db);
        await sql`alter table ${sql.id(name)}.t drop column email`.execute(other.db);
        await sql`drop table ${sql.id(name)}.u`.execute(other.db);
        await sql`drop schema ${sql.id(name)} cascade`.execute(other.db);
      }
    })();
    try {
      for (let i = 0; i < 4; i++) {
        const schema = `kakunin_test_churn_${randomBytes(4).toString('hex')}`;
        ours.push(schema);
        const database = await openDatabase({ databaseURL: url as string, schema });
        try {
          expect((await migrate(database)).length).toBeGreaterThan(0);
        } finally {
          await database.close();
        }
      }
    } finally {
      churning = false;
      await churn;
      for (const schema of ours) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(other.db);
      await other.close();
    }
  }, 120_000);
});
