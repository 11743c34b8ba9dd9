export { migrate } from './migrate.js';
export type { Dialect } from './migrations.js';
export type { Database, DatabaseOptions } from './open.js';
export { DatabaseUnavailableError, openDatabase } from './open.js';
export * from './schema.js';
