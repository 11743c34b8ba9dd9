import { describe, expect, it } from 'vitest';
import {
  KEY_URI_ERROR_MESSAGES,
  KeyURIError,
  MIGRATION_ERROR_MESSAGES,
  MigrationError,
} from '../src/index.ts';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('error messages', () => {
  it.each([
    ['KeyURIError', KEY_URI_ERROR_MESSAGES],
    ['MigrationError', MIGRATION_ERROR_MESSAGES],
  ])('every %s code has an English and a Japanese message', (_, catalogue) => {
    for (const [code, { en, ja }] of Object.entries(catalogue)) {
      expect(en.length, code).toBeGreaterThan(20);
      expect(ja, code).toMatch(JAPANESE);
    }
  });

  it('errors carry their code, their name and the English message with the detail', () => {
    const keyError = new KeyURIError('BAD_DIGITS', 'digits=0');
    expect(keyError).toBeInstanceOf(Error);
    expect(keyError).toMatchObject({ name: 'KeyURIError', code: 'BAD_DIGITS' });
    expect(keyError.message).toBe(`${KEY_URI_ERROR_MESSAGES.BAD_DIGITS.en} (digits=0)`);
    const migrationError = new MigrationError('BAD_BATCH');
    expect(migrationError).toMatchObject({ name: 'MigrationError', code: 'BAD_BATCH' });
    expect(migrationError.message).toBe(MIGRATION_ERROR_MESSAGES.BAD_BATCH.en);
  });
});
