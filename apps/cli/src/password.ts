import type { Context } from './context.js';
import { CliError } from './errors.js';
import type { MessageKey } from './i18n/en.js';
import { readLine } from './stdin-lines.js';

/** Where a password may come from, besides the terminal. */
export interface PasswordInput {
  /** Read the next line of standard input (--password-stdin / --source-password-stdin). */
  fromStdin: boolean;
  /** Environment variable consulted when not reading stdin (least safe: visible to the same user). */
  envName?: string;
}

/** Asks for a password on the terminal without echoing it; Ctrl-C cancels. */
export async function promptHidden(ctx: Context, message: string): Promise<string> {
  const { password, isCancel } = await import('@clack/prompts');
  const value = await password({ message, input: ctx.stdin, output: ctx.stderr });
  if (isCancel(value)) throw new CliError('error.cancelled');
  return value;
}

/** Asks a yes/no question on the terminal (default no); Ctrl-C counts as no. */
export async function promptConfirm(ctx: Context, message: string): Promise<boolean> {
  const { confirm, isCancel } = await import('@clack/prompts');
  const value = await confirm({
    message,
    initialValue: false,
    input: ctx.stdin,
    output: ctx.stderr,
  });
  return !isCancel(value) && value;
}

/** Reads the next line of standard input as a password. */
export async function stdinPassword(ctx: Context): Promise<string> {
  const line = await readLine(ctx.stdin);
  if (line === undefined) throw new CliError('error.stdinEnded');
  return line;
}

/**
 * Gets an existing password: a stdin line when asked to, else the environment variable, else a hidden
 * prompt on a terminal; without any of these it fails with advice instead of hanging.
 */
export async function askPassword(ctx: Context, input: PasswordInput, prompt: MessageKey): Promise<string> {
  if (input.fromStdin) return stdinPassword(ctx);
  const fromEnv = input.envName === undefined ? undefined : ctx.env[input.envName];
  if (fromEnv !== undefined) return fromEnv;
  if (ctx.stdin.isTTY) return promptHidden(ctx, ctx.t(prompt));
  throw new CliError('error.noPasswordInput');
}

/** Gets a new password: asked twice on a terminal (they must match), once from stdin or the environment. */
export async function askNewPassword(ctx: Context, input: PasswordInput): Promise<string> {
  let password: string;
  if (input.fromStdin || (input.envName !== undefined && ctx.env[input.envName] !== undefined)) {
    password = await askPassword(ctx, input, 'prompt.newPassword');
  } else if (ctx.stdin.isTTY) {
    password = await promptHidden(ctx, ctx.t('prompt.newPassword'));
    const again = await promptHidden(ctx, ctx.t('prompt.repeatPassword'));
    const { constantTimeEqual } = await import('@kakunin/otp/core');
    if (!constantTimeEqual(password, again)) throw new CliError('error.passwordMismatch');
  } else {
    throw new CliError('error.noPasswordInput');
  }
  if (password.length === 0) throw new CliError('error.emptyPassword');
  return password;
}
