#!/usr/bin/env node
// kakunin-server: the sign-in service and the operator's commands for when the web console is out
// of reach (the only administrator locked out, a database role without DDL rights at start-up).
import { Command } from 'commander';
import { loadConfig } from './config.js';
import { describeFailure } from './exit-codes.js';
import { logLine } from './log-line.js';
import {
  migrateCommand,
  resetPasswordCommand,
  resetTwoFactorCommand,
  unlockCommand,
} from './operator/commands.js';
import { rotateKeyCommand } from './operator/rotate-key.js';
import { createServiceContext } from './service-context.js';
import type { ServiceContext } from './services/context.js';
import { resolveSecretKey } from './services/key-check.js';
import { connectRedis, waitForDatabase } from './start.js';

/** Opens what a command needs (the database waited for like at start, Redis when configured). */
async function withService<T>(
  run: (ctx: ServiceContext, database: Awaited<ReturnType<typeof waitForDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await waitForDatabase(config, config.databaseWaitSeconds, (line) => logLine('warn', line));
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  try {
    const secretKey = await resolveSecretKey(database, config.secretKey, config.dataDir);
    redis = config.redisURL ? await connectRedis(config.redisURL) : undefined;
    return await run(createServiceContext({ config, db: database.db, secretKey, redis }), database);
  } finally {
    redis?.disconnect();
    await database.close();
  }
}

function action(
  run: (ctx: ServiceContext, database: Awaited<ReturnType<typeof waitForDatabase>>) => Promise<string>,
) {
  return async () => {
    process.stdout.write(`${await withService(run)}\n`);
  };
}

const program = new Command('kakunin-server')
  .description('The Kakunin sign-in service, and commands for its operator')
  .showHelpAfterError();

program
  .command('start', { isDefault: true })
  .description('run the sign-in service (the default)')
  .action(async () => {
    await import('./main.js');
  });

program
  .command('migrate')
  .description('bring the database schema up to date (for start-up with KAKUNIN_MIGRATE_ON_START=false)')
  .action(async () => {
    await action((ctx, database) => migrateCommand(database, ctx))();
  });

program
  .command('rotate-key')
  .description(
    're-seal every secret kept at rest under a new master key (KAKUNIN_NEW_SECRET_KEY, or a new key file); stop the service first',
  )
  .action(async () => {
    const config = loadConfig();
    const database = await waitForDatabase(config, config.databaseWaitSeconds, (line) =>
      logLine('warn', line),
    );
    try {
      process.stdout.write(`${await rotateKeyCommand(config, database, process.env)}\n`);
    } finally {
      await database.close();
    }
  });

const admin = program.command('admin').description('help a user (or the only administrator) back in');
admin
  .command('unlock <user>')
  .description('lift every lock of the user')
  .action(async (user: string) => action((ctx) => unlockCommand(ctx, user))());
admin
  .command('reset-password <user>')
  .description(
    'set a new password and end the sessions: a made-up one, shown once and good for one sign-in, or the one from --password-stdin, which lasts',
  )
  .option('--password-stdin', 'read the new password from standard input')
  .option('--one-time', 'with --password-stdin: the user must replace it at the next sign-in')
  .action(async (user: string, options: { passwordStdin?: boolean; oneTime?: boolean }) => {
    const password = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
    await action((ctx) => resetPasswordCommand(ctx, user, password, { oneTime: options.oneTime }))();
  });
admin
  .command('reset-two-factor <user>')
  .description('remove the authenticator and recovery codes, end the sessions')
  .action(async (user: string) => action((ctx) => resetTwoFactorCommand(ctx, user))());

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// What goes wrong is the operator's to fix: one line, no stack trace, the exit codes of start-up.
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { message, exitCode } = describeFailure(error);
  logLine('error', `kakunin-server: ${message}`);
  process.exitCode = exitCode;
}
