import { type Kysely, PostgresAdapter } from 'kysely';
import type { DB } from './schema.js';

/**
 * Whether the handle speaks PostgreSQL, whose statements can carry several changes at once
 * (data-modifying WITH clauses); SQLite cannot, and needs none: its statements cost no round trip.
 */
export const speaksPostgres = (db: Kysely<DB>): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;
