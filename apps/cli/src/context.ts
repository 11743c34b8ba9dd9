import { homedir } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { type Colors, colors, wantsColor } from './color.js';
import { detectLocale, type Locale, type Translate, translator } from './i18n/translate.js';

/** The terminal streams a command talks to (process streams, or test doubles). */
export interface Streams {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
}

/** Everything a command needs from the outside world, passed in so it can be replaced in tests. */
export interface Context extends Streams {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homedir: string;
  now: () => number;
  locale: Locale;
  t: Translate;
  /** Styling for standard output. */
  out: Colors;
  /** Styling for standard error. */
  err: Colors;
  /** Writes one line to standard output (results). */
  print(line: string): void;
  /** Writes one line to standard error (messages). */
  say(line: string): void;
}

/**
 * Builds a context from the environment and streams, choosing language and colour from them. A stream
 * is read only when a command uses it (see main.ts), and standard error's colours with it.
 */
export function createContext(
  streams: Streams,
  env: Readonly<Record<string, string | undefined>>,
  now: () => number = Date.now,
): Context {
  const locale = detectLocale(env);
  let err: Colors | undefined;
  return {
    get stdin() {
      return streams.stdin;
    },
    get stdout() {
      return streams.stdout;
    },
    get stderr() {
      return streams.stderr;
    },
    env,
    platform: process.platform,
    homedir: env.HOME || homedir(),
    now,
    locale,
    t: translator(locale),
    out: colors(wantsColor(env, streams.stdout.isTTY === true)),
    get err() {
      err ??= colors(wantsColor(env, streams.stderr.isTTY === true));
      return err;
    },
    print: (line) => streams.stdout.write(`${line}\n`),
    say: (line) => streams.stderr.write(`${line}\n`),
  };
}

/** Options accepted by every command. */
export interface GlobalOptions {
  vault?: string;
  passwordStdin?: boolean;
}
