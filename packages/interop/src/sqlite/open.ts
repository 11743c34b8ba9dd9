import type { Database, SqlJsStatic } from 'sql.js';
import { defaultSQLiteWasm } from '#wasm-loader';
import { ImportError } from '../errors.js';
import { sqliteConfig, sqliteGeneration } from './config.js';

/**
 * Opening other apps' SQLite databases with sql.js, loaded on first use only (its WebAssembly is about
 * 650 KB): the CLI and the app pay for it only when such a file is imported.
 */

let loaded: { generation: number; module: Promise<SqlJsStatic> } | null = null;

const arrayBuffer = (bytes: ArrayBuffer | Uint8Array): ArrayBuffer =>
  bytes instanceof Uint8Array
    ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    : bytes;

async function load(): Promise<SqlJsStatic> {
  const init = (await import('sql.js')).default;
  const { locateFile, wasmBinary } = sqliteConfig;
  if (locateFile !== undefined) return init({ locateFile });
  return init({ wasmBinary: arrayBuffer(wasmBinary ?? (await defaultSQLiteWasm())) });
}

function sqlJs(): Promise<SqlJsStatic> {
  if (loaded === null || loaded.generation !== sqliteGeneration) {
    loaded = { generation: sqliteGeneration, module: load() };
  }
  const { module } = loaded;
  // A failed load must not stick: the app may configure the reader and try again.
  return module.catch((error: unknown) => {
    loaded = null;
    throw error;
  });
}

/** Open a database file read-only in memory; a file SQLite cannot read is DAMAGED. */
export async function openDatabase(bytes: Uint8Array): Promise<Database> {
  const SQL = await sqlJs();
  try {
    const db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
    return db;
  } catch (cause) {
    throw new ImportError('DAMAGED', { detail: 'the SQLite database cannot be read', cause });
  }
}

/** The rows of a query as objects keyed by column name. */
export function rows(db: Database, sql: string): Record<string, unknown>[] {
  const statement = db.prepare(sql);
  const result: Record<string, unknown>[] = [];
  try {
    while (statement.step()) result.push(statement.getAsObject());
  } finally {
    statement.free();
  }
  return result;
}

/** The columns of each table, by table name. */
export function schema(db: Database): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const { name } of rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")) {
    const table = String(name);
    const columns = rows(db, `PRAGMA table_info("${table.replace(/"/g, '""')}")`).map((c) => String(c.name));
    tables.set(table, new Set(columns));
  }
  return tables;
}
