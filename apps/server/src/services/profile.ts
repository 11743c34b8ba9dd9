import { AppError } from '../errors.js';

/** What a person is called besides the username, and where mail reaches them; both optional. */
export interface Profile {
  displayName: string | null;
  email: string | null;
}

/** A display name (NFC, trimmed, ≤ 100 characters, no controls); empty means none. */
export function normalizeDisplayName(input: unknown): string | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'string') throw new AppError('INVALID_DISPLAY_NAME');
  const name = input.normalize('NFC').trim();
  if (name === '') return null;
  if ([...name].length > 100 || /\p{Cc}/u.test(name)) throw new AppError('INVALID_DISPLAY_NAME');
  return name;
}

/**
 * An email address in lower case; empty means none. Only the shape is checked (one @, a dot in the
 * domain, no spaces): whether it reaches anyone only mail can tell.
 */
export function normalizeEmail(input: unknown): string | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'string') throw new AppError('INVALID_EMAIL');
  const email = input.normalize('NFKC').trim().toLowerCase();
  if (email === '') return null;
  if (email.length > 254 || !/^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/u.test(email))
    throw new AppError('INVALID_EMAIL');
  return email;
}

/** Whether a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
