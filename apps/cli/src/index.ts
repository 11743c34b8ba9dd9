export { type Context, createContext, type GlobalOptions, type Streams } from './context.js';
export { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors.js';
export { detectLocale, type Locale, type Translate, translator } from './i18n/translate.js';
export { dataDirectory, resolveVaultPath } from './paths.js';
export { run } from './run.js';
export { VERSION } from './version.js';
