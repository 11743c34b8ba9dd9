import { ConfigError, loadConfig } from './config.js';
import { KeyFileError } from './crypto/key-file.js';
import { DatabaseUnavailableError } from './db/open.js';
import { SecretKeyMismatchError } from './services/key-check.js';
import { type RunningServer, startServer } from './start.js';

let server: RunningServer | undefined;
let stopping = false;

// Registered before anything is printed, so a supervisor reacting to the output cannot race them.
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: shutting down\n`);
  (server?.close() ?? Promise.resolve()).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// Start-up problems are the operator's to fix: one line saying what is wrong, exit 1, no stack trace.
try {
  const config = loadConfig();
  server = await startServer(config);
  if (server.generatedAdminPassword) {
    process.stdout.write(
      `\nCreated the administrator "admin" with the password:\n\n    ${server.generatedAdminPassword}\n\n` +
        'It is shown only this once. Sign in and change it.\n\n',
    );
  }
  process.stdout.write(
    `Kakunin sign-in service listening on ${server.url} (public address ${config.publicURL.origin})\n`,
  );
  if (stopping) await server.close();
} catch (error) {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof KeyFileError ||
    error instanceof SecretKeyMismatchError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kakunin: ${known ? message : `cannot start: ${message.split('\n')[0]}`}\n`);
  process.exit(1);
}
