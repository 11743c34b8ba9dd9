import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { en, isMessageKey } from '../src/i18n/en.js';
import { ja } from '../src/i18n/ja.js';
import { detectLocale, translator } from '../src/i18n/translate.js';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogue', () => {
  it('has a Japanese text for every English key and no extra keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s uses the same placeholders in both languages', (key) => {
    if (!isMessageKey(key)) throw new Error(key);
    expect(placeholders(ja[key])).toEqual(placeholders(en[key]));
    expect(ja[key]).not.toBe('');
  });

  it('has no key that the sources never use', async () => {
    const dir = new URL('../src/', import.meta.url);
    const files = (await readdir(dir, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('i18n'),
    );
    const sources = (await Promise.all(files.map((f) => readFile(new URL(f, dir), 'utf8')))).join('\n');
    const unused = Object.keys(en).filter((key) => !sources.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});

describe('detectLocale', () => {
  it.each([
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'ja_JP.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LC_ALL: 'ja' }, 'ja'],
  ] as const)('%j → %s', (env, locale) => {
    expect(detectLocale(env)).toBe(locale);
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones alone', () => {
    const t = translator('en');
    expect(t('add.added', { label: 'GitHub (alice)' })).toBe('Added GitHub (alice).');
    expect(t('add.added')).toBe('Added {label}.');
    expect(translator('ja')('add.added', { label: 'GitHub' })).toBe('GitHub を追加しました。');
  });
});
