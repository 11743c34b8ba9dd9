import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { migrate, requireMigrated } from './db/migrate.js';
import { type Database, type DatabaseOptions, DatabaseUnavailableError, openDatabase } from './db/open.js';
import { deleteExpiredPayloads } from './oidc/index.js';
import { ACCOUNT_COUNTER_AGE_MS } from './services/attempts/index.js';
import { deleteOldAudit } from './services/audit.js';
import { ensureAdministrator } from './services/bootstrap.js';
import { checkSecretKey, resolveSecretKey } from './services/key-check.js';
import { deleteExpiredResetLinks } from './services/password-reset.js';
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

/** A line for the operator while starting (waiting for the database, …). */
export type StartLog = (message: string) => void;

/** Opens the database (waiting for it a while), migrates, creates the first administrator, listens. */
export async function startServer(
  config: Config,
  options: { listen?: boolean; log?: StartLog } = {},
): Promise<RunningServer> {
  // Connection errors outside queries go to the app's rate-limited fault log once it exists.
  let connectionError: (error: Error) => void = () => {};
  const database = await waitForDatabase(
    { ...config, backgroundCheckpoints: true, onConnectionError: (error) => connectionError(error) },
    config.databaseWaitSeconds,
    options.log ?? (() => {}),
  );
  let redis: Redis | undefined;
  let app: FastifyInstance | undefined;
  try {
    if (config.migrateOnStart) await migrate(database);
    else await requireMigrated(database);
    const secretKey = await resolveSecretKey(database, config.secretKey, config.dataDir);
    redis = config.redisURL ? await connectRedis(config.redisURL) : undefined;
    app = await buildApp({ config, db: database.db, secretKey, redis, poolState: database.poolState });
    const faultLog = app.faultLog;
    connectionError = (error) => faultLog.report('database', error);
    redis?.removeAllListeners('error').on('error', (error) => faultLog.report('redis', error));
    await checkSecretKey(app.kakunin);
    await upgradeLegacyRecoveryCodes(app.kakunin);
    const { generatedPassword } = await ensureAdministrator(app.kakunin, config.adminPassword);
    const ctx = app.kakunin;
    const sweep = setInterval(() => {
      deleteExpiredSessions(ctx).catch(() => {});
      deleteExpiredPayloads(database.db, Date.now()).catch(() => {});
      deleteOldAudit(ctx, config.auditRetentionDays).catch(() => {});
      deleteExpiredResetLinks(ctx).catch(() => {});
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

/**
 * Opens the database, retrying while it is not reachable yet (a database container starting next to
 * the service) for up to `seconds`, with one line per attempt; then gives up with the last reason.
 */
export async function waitForDatabase(
  options: DatabaseOptions,
  seconds: number,
  log: StartLog,
): Promise<Database> {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(options);
    } catch (error) {
      const left = Math.ceil((deadline - Date.now()) / 1000);
      if (!(error instanceof DatabaseUnavailableError) || !error.retryable || left <= 0) throw error;
      log(`waiting for the database (attempt ${attempt}, ${left} s left): ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, left * 1000)));
    }
  }
}

// Redis commands fail at once while the connection is down (no offline queue, a 1 s command
// timeout): the service answers 503 promptly instead of after seconds of retries, and ioredis keeps
// reconnecting in the background so the next request after Redis returns succeeds.
/** Connects to Redis with the service's settings, or throws DatabaseUnavailableError. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = redisClient(url);
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

/** A Redis client with the service's fault behaviour (see above); call connect() on it. */
export function redisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}
