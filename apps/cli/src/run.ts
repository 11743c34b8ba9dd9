import { CommanderError } from 'commander';
import type { Context } from './context.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ReportedFailure } from './errors.js';
import type { MessageKey } from './i18n/en.js';
import { buildProgram } from './program.js';

const usageMessages: Readonly<Record<string, MessageKey>> = {
  'commander.unknownCommand': 'usage.unknownCommand',
  'commander.unknownOption': 'usage.unknownOption',
  'commander.missingArgument': 'usage.missingArgument',
  'commander.optionMissingArgument': 'usage.optionMissingArgument',
  'commander.missingMandatoryOptionValue': 'usage.optionMissingArgument',
  'commander.excessArguments': 'usage.excessArguments',
  'commander.conflictingOption': 'usage.conflictingOption',
};

/**
 * Runs `kakunin` with the given arguments (without node and the script) and returns the exit status:
 * 0 success, 1 failure, 2 usage error. Messages go to standard error; nothing is thrown.
 */
export async function run(argv: readonly string[], ctx: Context): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return report(ctx, error);
  }
}

function report(ctx: Context, error: unknown): number {
  const { t } = ctx;
  const fail = (message: string) => ctx.say(ctx.err.red(message));
  if (error instanceof ReportedFailure) return error.exitCode;
  if (error instanceof CliError) {
    fail(t(error.key, error.params));
    return error.exitCode;
  }
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    fail(commanderMessage(ctx, error));
    return EXIT_USAGE;
  }
  const detail = error instanceof Error ? error.message : String(error);
  fail(t('error.unexpected', { detail }));
  if (ctx.env.KAKUNIN_DEBUG && error instanceof Error && error.stack) ctx.say(error.stack);
  return EXIT_FAILURE;
}

/** Commander's English usage errors, retold from the catalogue (the quoted token is kept). */
function commanderMessage({ t }: Context, error: CommanderError): string {
  if (error.code === 'commander.invalidArgument') {
    const found = /(?:option|argument) '([^']+)' argument '([^']*)' is invalid\.\s*(.*)$/s.exec(
      error.message,
    );
    if (found)
      return t('usage.invalidValue', { option: found[1] ?? '', detail: `'${found[2]}': ${found[3]}` });
  }
  const key = usageMessages[error.code];
  const token = /'([^']*)'/.exec(error.message)?.[1];
  if (key !== undefined && token !== undefined) return t(key, { token: `'${token}'`, detail: error.message });
  return t(key ?? 'usage.other', { detail: error.message.replace(/^error: /, '') });
}
