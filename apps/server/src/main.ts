import { loadConfig } from './config.js';
import { describeFailure } from './exit-codes.js';
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

// Start-up problems are the operator's to fix: one line saying what is wrong, no stack trace, and
// exit 78 when a setting or the master key is wrong (a restart will not help), 1 otherwise.
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
  const { message, exitCode, expected } = describeFailure(error);
  process.stderr.write(`kakunin: ${expected ? message : `cannot start: ${message}`}\n`);
  process.exit(exitCode);
}
