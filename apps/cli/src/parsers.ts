import { InvalidArgumentError } from 'commander';
import type { Translate } from './i18n/translate.js';

/** Parsers for option values; each failure becomes a usage error (exit status 2). */
export interface Parsers {
  integer(min: number): (value: string) => number;
  bigInteger(value: string): bigint;
  oneOf<T extends string>(choices: readonly T[], normalise?: (value: string) => string): (value: string) => T;
}

/** Option-value parsers whose messages speak the user's language. */
export function parsers(t: Translate): Parsers {
  return {
    integer: (min) => (value) => {
      if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
        throw new InvalidArgumentError(t('usage.integer'));
      }
      return Number(value);
    },
    bigInteger: (value) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError(t('usage.integer'));
      return BigInt(value);
    },
    oneOf:
      <T extends string>(choices: readonly T[], normalise = (value: string) => value) =>
      (value: string) => {
        const found = choices.find((choice) => choice === normalise(value));
        if (found === undefined)
          throw new InvalidArgumentError(t('usage.oneOf', { choices: choices.join(', ') }));
        return found;
      },
  };
}
