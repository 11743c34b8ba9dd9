import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { startBackgroundCheckpoints } from './checkpointer.js';
import type { Dialect } from './migrations.js';
import { OwnSchemaPostgresDialect } from './own-schema-dialect.js';
import type { DB } from './schema.js';

/** An open database: the Kysely handle, which dialect it speaks and how to close it. */
export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** PostgreSQL schema the tables live in (undefined on SQLite). */
  schema: string | undefined;
  /** PostgreSQL: the connection pool right now (undefined on SQLite, which has one connection). */
  poolState?: () => PoolState;
  close(): Promise<void>;
}

/** A PostgreSQL pool's connections (open, idle) and the queries waiting for one. */
export interface PoolState {
  total: number;
  idle: number;
  waiting: number;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; SQLite when absent. */
  databaseURL?: string | undefined;
  /** Directory of the SQLite file (`kakunin.sqlite`). */
  dataDir?: string;
  /** SQLite file path, overriding `dataDir`. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created if missing); the server's default search path otherwise. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * SQLite: checkpoint the write-ahead log from a worker thread instead of on the serving connection,
   * which would stall all requests during each checkpoint (the server turns this on).
   */
  backgroundCheckpoints?: boolean;
  /**
   * Told about connection errors that arrive outside any query (a terminated backend, a dropped
   * socket): they are handled, never an unhandled 'error' event, and the pool replaces the client.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * The database cannot be opened or reached; the message is one line saying what to check.
 * `retryable` is false when waiting cannot help (an SQLite folder that cannot be made or opened).
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Opens SQLite (default) or PostgreSQL and checks that it answers. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseURL ? openPostgres(options.databaseURL, options) : openSQLite(options);
}

function openSQLite(options: DatabaseOptions): Database {
  const file = options.sqliteFile ?? join(options.dataDir ?? './data', 'kakunin.sqlite');
  let handle: SQLite.Database;
  try {
    if (!options.sqliteFile) mkdirSync(options.dataDir ?? './data', { recursive: true, mode: 0o700 });
    // A new file is readable by its owner only (SQLite gives its -wal and -shm files the same mode):
    // it holds password hashes and sealed keys.
    closeSync(openSync(file, 'a', 0o600));
    handle = new SQLite(file);
    // WAL lets several server processes share the file; busy_timeout makes them wait, not fail.
    handle.pragma('journal_mode = WAL');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    // 64 MiB of page cache: the sign-in path touches random rows of large tables.
    handle.pragma('cache_size = -65536');
    // With a checkpoint worker, the serving connection checkpoints only if the log grows large anyway.
    if (options.backgroundCheckpoints) handle.pragma('wal_autocheckpoint = 20000');
  } catch (error) {
    // A folder or file that cannot be made or opened stays so; only a lock another process holds passes.
    const code = (error as { code?: unknown }).code;
    throw new DatabaseUnavailableError(
      `cannot open the SQLite database ${file} (${describe(error)}). Check KAKUNIN_DATA_DIR and its permissions.`,
      code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED',
    );
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
  const stopCheckpoints = options.backgroundCheckpoints ? startBackgroundCheckpoints(file) : undefined;
  return {
    db,
    dialect: 'sqlite',
    schema: undefined,
    async close() {
      await stopCheckpoints?.();
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * The handle with `prepare` memoised per SQL text. Kysely prepares every query afresh; the service
 * runs a few dozen distinct statements, so reusing them saves the SQLite compile on each request.
 * Safe because better-sqlite3 runs a statement to completion synchronously (nothing here iterates).
 */
function withStatementCache(handle: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = handle.prepare.bind(handle);
  return new Proxy(handle, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          statement = prepare(source);
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const where = safeLocation(url);
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new RangeError(`not a plain schema name: ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // During an outage requests fail within seconds (503) instead of queueing for connections.
    connectionTimeoutMillis: 3000,
    // A query on a connection that went silent (a cut network) fails instead of hanging forever.
    query_timeout: 15_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // bigint columns hold epoch ms and time steps, all far below 2^53.
    types: {
      getTypeParser: (oid: number, format?: string) =>
        oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'),
    },
  });
  // A client losing its connection must not crash the process, whether idle in the pool (the pool's
  // 'error') or checked out between two queries of a transaction (the client's own 'error', which pg
  // leaves unhandled). The query in flight fails with the same error; the pool drops the client.
  const onError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  const db = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return {
      db,
      dialect: 'postgres',
      schema: rows[0]?.schema ?? 'public',
      poolState: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseUnavailableError(
      `cannot reach the PostgreSQL database at ${where} (${describe(error)}). Check DATABASE_URL and that the server is running.`,
    );
  }
}

/** The connection string without its password, for messages. */
function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured address';
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message.split('\n')[0] || error.name;
    return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}

/** The names of the tables in the service's own schema (its PostgreSQL schema, or the SQLite file). */
export async function ownTables(database: Pick<Database, 'db'>): Promise<Set<string>> {
  const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  return new Set(tables.map((table) => table.name));
}
