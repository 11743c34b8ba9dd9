import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { loadSecretKey } from './crypto/key-file.js';
import { migrate } from './db/migrate.js';
import { type Database, DatabaseUnavailableError, openDatabase } from './db/open.js';
import { deleteExpiredPayloads } from './oidc/index.js';
import { ACCOUNT_COUNTER_AGE_MS } from './services/attempts/index.js';
import { ensureAdministrator } from './services/bootstrap.js';
import { checkSecretKey } from './services/key-check.js';
import { upgradeLegacyRecoveryCodes } from './services/recovery-codes.js';
import { deleteExpiredSessions } from './services/sessions.js';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  /** The address the service listens on. */
  url: string;
  /** Set when this start created `admin` with a random password (show it once). */
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

/** Opens the database, migrates, creates the first administrator, listens. */
export async function startServer(
  config: Config,
  options: { listen?: boolean } = {},
): Promise<RunningServer> {
  const secretKey = loadSecretKey(config.secretKey, config.dataDir);
  const database = await openDatabase({ ...config, backgroundCheckpoints: true });
  let redis: Redis | undefined;
  let app: FastifyInstance | undefined;
  try {
    await migrate(database);
    redis = config.redisURL ? await connectRedis(config.redisURL) : undefined;
    app = await buildApp({ config, db: database.db, secretKey, redis });
    await checkSecretKey(app.kakunin);
    await upgradeLegacyRecoveryCodes(app.kakunin);
    const { generatedPassword } = await ensureAdministrator(app.kakunin, config.adminPassword);
    const ctx = app.kakunin;
    const sweep = setInterval(() => {
      deleteExpiredSessions(ctx).catch(() => {});
      deleteExpiredPayloads(database.db, Date.now()).catch(() => {});
      ctx.attempts
        .sweep(Date.now(), {
          addressWindowMs: ctx.addressLimit.windowSeconds * 1000,
          accountAgeMs: ACCOUNT_COUNTER_AGE_MS,
        })
        .catch(() => {});
    }, 10 * 60_000);
    sweep.unref();
    const url =
      options.listen === false
        ? config.publicURL.origin
        : await app.listen({ port: config.port, host: config.host });
    const running = app;
    return {
      app: running,
      database,
      url,
      generatedAdminPassword: generatedPassword,
      async close() {
        clearInterval(sweep);
        await running.close();
        redis?.disconnect();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    redis?.disconnect();
    await database.close().catch(() => {});
    throw error;
  }
}

async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const where = new URL(url);
    throw new DatabaseUnavailableError(
      `cannot reach Redis at ${where.hostname}:${where.port || '6379'} (${(error as Error).message}). Check REDIS_URL.`,
    );
  }
  return redis;
}
