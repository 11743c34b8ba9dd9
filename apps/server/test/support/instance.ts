// One server process for the multi-process tests: the database from the environment, a fixed clock,
// listening on a free local port that it prints as its first line.
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { redisClient } from '../../src/start.js';

const config = loadConfig(process.env);
const database = await openDatabase({
  databaseURL: config.databaseURL,
  dataDir: config.dataDir,
  ...(process.env.KAKUNIN_TEST_SCHEMA ? { schema: process.env.KAKUNIN_TEST_SCHEMA } : {}),
});
const now = Number(process.env.KAKUNIN_TEST_NOW);
const redis = config.redisURL ? redisClient(config.redisURL) : undefined;
// The service's own Redis settings (no offline queue, short timeouts); not up yet is fine here.
redis?.on('error', () => {});
await redis?.connect().catch(() => {});
const app = await buildApp({
  config,
  db: database.db,
  secretKey: config.secretKey ?? new Uint8Array(32),
  now: () => now,
  redis,
  logger: false,
  requestsPerMinute: false,
  poolState: database.poolState,
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', () => {
  redis?.disconnect();
  app.close().then(() => database.close().then(() => process.exit(0)));
});
