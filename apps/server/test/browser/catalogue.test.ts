// The page texts and the small parsers behind the forms, without a service.
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../src/errors.js';
import { catalogue, negotiateLocale } from '../../src/i18n/index.js';
import { settingsFromForm } from '../../src/web/routes/admin.js';
import { safeLocalPath } from '../../src/web/routes/language.js';

describe('administrator settings form', () => {
  it.each([
    [
      { twoFactor: 'required', maxFailures: '5', lockMinutes: '3' },
      { maxFailures: 5, lockSeconds: 180 },
    ],
    [
      { twoFactor: 'off', maxFailures: '10', lockMinutes: '3', untilUnlocked: '1' },
      { maxFailures: 10, lockSeconds: null },
    ],
    [
      { twoFactor: 'allowed', maxFailures: 'ten', lockMinutes: '-1' },
      { maxFailures: Number.NaN, lockSeconds: Number.NaN },
    ],
  ])('%j → lockout %j', (fields, lockout) => {
    expect(settingsFromForm(fields)).toEqual({ twoFactor: fields.twoFactor, lockout });
  });
});

describe('language', () => {
  it.each([
    [undefined, 'en'],
    ['ja', 'ja'],
    ['ja-JP,ja;q=0.9,en;q=0.8', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['fr-FR,ja;q=0.5,en;q=0.4', 'ja'],
    ['de, fr', 'en'],
    ['ja;q=0', 'en'],
    ['en;q=0.2, ja;q=0.7', 'ja'],
  ])('Accept-Language %j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it.each([
    ['/account', '/account'],
    ['/sign-in?notice=signed-out', '/sign-in?notice=signed-out'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    [undefined, '/'],
  ])('the switch returns to %j → %j', (next, path) => {
    expect(safeLocalPath(next)).toBe(path);
  });

  it('has every text in both languages, with the same parameters', () => {
    const en = catalogue('en');
    const ja = catalogue('ja');
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    const sameInBoth = new Set(['app.name', 'admin.locked.no']);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(params(ja[key]), key).toEqual(params(en[key]));
      if (!sameInBoth.has(key)) expect(ja[key], key).not.toBe(en[key]);
    }
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      expect(en[`error.${code}`], code).toBeTruthy();
      expect(ja[`error.${code}`], code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
