import { FORMAT_IDS } from '@kakunin/interop/formats';
import { Command } from 'commander';
import type { Context, GlobalOptions } from './context.js';
import { EXPORT_FORMATS } from './export-formats.js';
import type { Translate } from './i18n/translate.js';
import { parsers } from './parsers.js';
import { VERSION } from './version.js';

// Commands are imported only when run, so `kakunin code` never loads QR, import or prompt modules.
type Action = (ctx: Context, ...args: never[]) => Promise<void>;

/**
 * The `kakunin` command tree. Every action loads its module on demand and receives the context, its
 * arguments and its options merged with the global ones (`--vault`, `--password-stdin`).
 */
export function buildProgram(ctx: Context): Command {
  const { t } = ctx;
  const parse = parsers(t);
  const program = new Command('kakunin')
    .description(t('cli.description'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: () => {},
    })
    .configureHelp({ styleTitle: (title) => helpTitles(t)[title] ?? title })
    .version(VERSION, '-V, --version', t('opt.version'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand('help [command]', t('cmd.help'))
    .option('--vault <path>', t('opt.vault'))
    .option('--password-stdin', t('opt.passwordStdin'));

  const run =
    (load: () => Promise<Action>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args.at(-1) as Command;
      const options: GlobalOptions = command.optsWithGlobals();
      await (await load())(ctx, ...([...args.slice(0, -2), options] as never[]));
    };

  program
    .command('init')
    .description(t('cmd.init'))
    .action(run(async () => (await import('./commands/init.js')).init));

  program
    .command('add')
    .description(t('cmd.add'))
    .argument('[uri]', t('arg.uri'))
    .option('--qr <image>', t('opt.qr'))
    .option('--issuer <issuer>', t('opt.issuer'))
    .option('--name <name>', t('opt.name'))
    .option('--secret <base32>', t('opt.secret'))
    .option(
      '--type <type>',
      t('opt.type'),
      parse.oneOf(['totp', 'hotp', 'steam'], (v) => v.toLowerCase()),
    )
    .option(
      '--algorithm <algorithm>',
      t('opt.algorithm'),
      parse.oneOf(['SHA1', 'SHA256', 'SHA512', 'MD5'], (v) => v.toUpperCase().replace('-', '')),
    )
    .option('--digits <digits>', t('opt.digits'), parse.integer(1))
    .option('--period <seconds>', t('opt.period'), parse.integer(1))
    .option('--counter <counter>', t('opt.counter'), parse.bigInteger)
    .action(run(async () => (await import('./commands/add.js')).add));

  program
    .command('list')
    .description(t('cmd.list'))
    .option('--json', t('opt.json'))
    .action(run(async () => (await import('./commands/list.js')).list));

  program
    .command('code')
    .description(t('cmd.code'))
    .argument('[query]', t('arg.query'))
    .option('--json', t('opt.json'))
    .option('--at <unixSeconds>', t('opt.at'), parse.integer(0))
    .action(run(async () => (await import('./commands/code.js')).code));

  program
    .command('watch')
    .description(t('cmd.watch'))
    .argument('[query]', t('arg.query'))
    .action(run(async () => (await import('./commands/watch.js')).watch));

  program
    .command('import')
    .description(t('cmd.import'))
    .argument('<file...>', t('arg.files'))
    .option(
      '--format <format>',
      t('opt.format.import', { formats: FORMAT_IDS.join(', ') }),
      parse.oneOf(FORMAT_IDS, (v) => v.toLowerCase()),
    )
    .option('--source-password-stdin', t('opt.sourcePasswordStdin'))
    .option('--json', t('opt.json'))
    .action(run(async () => (await import('./commands/import.js')).importFiles));

  program
    .command('export')
    .description(t('cmd.export'))
    .argument('[query]', t('arg.query'))
    .option(
      '--format <format>',
      t('opt.format.export'),
      parse.oneOf(EXPORT_FORMATS, (v) => v.toLowerCase()),
    )
    .option('--qr', t('opt.exportQR'))
    .option('--out <path>', t('opt.out'))
    .action(run(async () => (await import('./commands/export.js')).exportAccounts));

  program
    .command('rm')
    .description(t('cmd.rm'))
    .argument('<query>', t('arg.query'))
    .option('-y, --yes', t('opt.yes'))
    .action(run(async () => (await import('./commands/rm.js')).rm));

  program
    .command('rename')
    .description(t('cmd.rename'))
    .argument('<query>', t('arg.query'))
    .option('--issuer <issuer>', t('opt.issuer'))
    .option('--name <name>', t('opt.name'))
    .action(run(async () => (await import('./commands/rename.js')).rename));

  program
    .command('passwd')
    .description(t('cmd.passwd'))
    .action(run(async () => (await import('./commands/passwd.js')).passwd));

  return program;
}

/** Commander's help headings, in the user's language. */
function helpTitles(t: Translate): Readonly<Record<string, string>> {
  return {
    'Usage:': t('help.usage'),
    'Arguments:': t('help.arguments'),
    'Options:': t('help.options'),
    'Global Options:': t('help.globalOptions'),
    'Commands:': t('help.commands'),
  };
}
