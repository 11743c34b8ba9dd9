export * from './core.js';
export {
  decodeMigrationURI,
  type EncodeMigrationOptions,
  encodeMigrationURIs,
  type MigrationBatch,
  type SkippedAccount,
} from './migration.js';
export { MIGRATION_ERROR_MESSAGES, MigrationError, type MigrationErrorCode } from './migration-error.js';
