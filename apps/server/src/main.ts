import { ConfigError, loadConfig } from './config.js';
import { KeyFileError } from './crypto/key-file.js';
import { DatabaseUnavailableError } from './db/open.js';
import { startServer } from './start.js';

// Start-up problems are the operator's to fix: one line saying what is wrong, exit 1, no stack trace.
try {
  const config = loadConfig();
  const server = await startServer(config);
  if (server.generatedAdminPassword) {
    process.stdout.write(
      `\nCreated the administrator "admin" with the password:\n\n    ${server.generatedAdminPassword}\n\n` +
        'It is shown only this once. Sign in and change it.\n\n',
    );
  }
  process.stdout.write(
    `Kakunin sign-in service listening on ${server.url} (public address ${config.publicURL.origin})\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof KeyFileError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kakunin: ${known ? message : `cannot start: ${message.split('\n')[0]}`}\n`);
  process.exit(1);
}
