import { loadConfig } from './config.js';
import { describeFailure } from './exit-codes.js';
import { logLine } from './log-line.js';
import { type RunningServer, startServer } from './start.js';

let server: RunningServer | undefined;
let stopping = false;

// Registered before anything is printed, so a supervisor reacting to the output cannot race them.
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logLine('info', `${signal}: shutting down`);
  (server?.close() ?? Promise.resolve()).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// A crash is one line in the same format as the rest (the stack is kept in JSON, where it is one line).
function crash(kind: string, error: unknown): void {
  const detail =
    error instanceof Error
      ? process.stderr.isTTY
        ? error.message
        : (error.stack ?? error.message)
      : String(error);
  logLine('fatal', `${kind}: ${detail}`);
  process.exit(1);
}
process.on('uncaughtException', (error) => crash('uncaught exception', error));
process.on('unhandledRejection', (reason) => crash('unhandled rejection', reason));

// Start-up problems are the operator's to fix: one line saying what is wrong, no stack trace, and
// exit 78 when a setting or the master key is wrong (a restart will not help), 1 otherwise.
try {
  const config = loadConfig();
  server = await startServer(config, { log: (line) => logLine('warn', line) });
  if (server.generatedAdminPassword) {
    logLine(
      'info',
      process.stdout.isTTY
        ? `\nCreated the administrator "admin" with the password:\n\n    ${server.generatedAdminPassword}\n\n` +
            'It is shown only this once and works once: sign in with it and choose your own password.\n'
        : `Created the administrator "admin" with the password: ${server.generatedAdminPassword} ` +
            '(shown only this once and works once: sign in with it and choose your own password)',
    );
  }
  logLine(
    'info',
    `Kakunin sign-in service listening on ${server.url} (public address ${config.publicURL.origin})`,
  );
  if (stopping) await server.close();
} catch (error) {
  const { message, exitCode, expected } = describeFailure(error);
  logLine('error', `kakunin: ${expected ? message : `cannot start: ${message}`}`);
  process.exit(exitCode);
}
