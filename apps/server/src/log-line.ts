/**
 * Start-up and shutdown lines: JSON in pino's shape (like every request log line) when the output is
 * not a terminal, so log collectors parse one format; plain words when a person is watching.
 */
export type LineLevel = 'info' | 'warn' | 'error' | 'fatal';

const PINO_LEVEL: Record<LineLevel, number> = { info: 30, warn: 40, error: 50, fatal: 60 };

export function logLine(
  level: LineLevel,
  message: string,
  stream: NodeJS.WriteStream = level === 'info' ? process.stdout : process.stderr,
): void {
  if (stream.isTTY) {
    stream.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
    return;
  }
  stream.write(
    `${JSON.stringify({ level: PINO_LEVEL[level], time: Date.now(), pid: process.pid, msg: message })}\n`,
  );
}
