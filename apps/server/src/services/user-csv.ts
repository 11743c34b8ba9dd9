import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { makeOneTimePassword } from '../crypto/one-time-password.js';
import { hashPassword } from '../crypto/password.js';
import type { Role } from '../db/schema.js';
import { AppError, type ErrorCode } from '../errors.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { mailPasswordLinks, type PasswordLinkURL } from './new-users.js';
import { passwordMinLength } from './password-policy.js';
import { isUniqueViolation, normalizeDisplayName, normalizeEmail } from './profile.js';
import { getSettings } from './settings.js';
import { normalizeUsername } from './users.js';

/** The columns of an export, and those an import understands (only `username` is required). */
export const CSV_COLUMNS = [
  'username',
  'display_name',
  'email',
  'role',
  'disabled',
  'two_factor',
  'created_at',
];
const IMPORT_COLUMNS: ReadonlySet<string> = new Set(['username', 'display_name', 'email', 'role']);
const READ_ONLY_COLUMNS: ReadonlySet<string> = new Set(['disabled', 'two_factor', 'created_at']);

/** The most users one import creates (each gets a password hashed with argon2id). */
export const MAX_IMPORT_ROWS = 1000;

/** A refused line of an import. */
export interface CSVLineError {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  code: ErrorCode;
  message: string;
}

/**
 * A created user and the one-time password to hand over (shown once, never stored in clear), or —
 * with mail configured and an address on the line — `linkMailed` instead: they set their own.
 */
export interface ImportedUser {
  line: number;
  username: string;
  oneTimePassword?: string;
  linkMailed: boolean;
}

/**
 * A cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading apostrophe, which spreadsheets show as text.
 * @see OWASP "CSV Injection"
 */
export function formulaSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The reverse of formulaSafe, so that an exported file imports as it was. */
function unescapeCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Every user as CSV (header first, UTF-8, ISO 8601 UTC times, formula-safe cells). */
export async function exportUsersCSV(ctx: ServiceContext, actor: Actor): Promise<string> {
  const [users, active] = await Promise.all([
    ctx.db
      .selectFrom('users')
      .select(['username', 'display_name', 'email', 'role', 'disabled_at', 'created_at', 'id'])
      .orderBy('username')
      .execute(),
    ctx.db.selectFrom('totp_credentials').select('user_id').where('state', '=', 'active').execute(),
  ]);
  const withTwoFactor = new Set(active.map((row) => row.user_id));
  const rows = users.map((user) =>
    [
      user.username,
      user.display_name ?? '',
      user.email ?? '',
      user.role,
      user.disabled_at === null ? 'no' : 'yes',
      withTwoFactor.has(user.id) ? 'yes' : 'no',
      new Date(Number(user.created_at)).toISOString(),
    ].map(formulaSafe),
  );
  await recordAudit(ctx, { event: 'users.exported', actor, details: { count: rows.length } });
  return stringify([CSV_COLUMNS, ...rows], { record_delimiter: '\r\n' });
}

interface Candidate {
  line: number;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
}

/**
 * Creates the users of a CSV file (`username` required; `display_name`, `email`, `role` optional;
 * the export's read-only columns are ignored), each with a one-time password to change at the first
 * sign-in (or, with mail configured, a mailed link to set one). All or nothing: any bad line (INVALID_CSV, `details.errors` by line) and no user is
 * created; the users are created in one transaction.
 */
export async function importUsersCSV(
  ctx: ServiceContext,
  actor: Actor,
  text: unknown,
  linkURL: PasswordLinkURL,
): Promise<ImportedUser[]> {
  if (typeof text !== 'string' || text.trim() === '')
    throw invalid([lineError(1, 'BAD_REQUEST', 'The file is empty.')]);
  const candidates = parseCandidates(text);
  await refuseTaken(ctx, candidates);
  const minLength = passwordMinLength(await getSettings(ctx));
  const prepared: (Candidate & { oneTimePassword: string; passwordHash: string })[] = [];
  for (const candidate of candidates) {
    const oneTimePassword = makeOneTimePassword(minLength);
    prepared.push({ ...candidate, oneTimePassword, passwordHash: await hashPassword(oneTimePassword) });
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const tx: ServiceContext = { ...ctx, db: trx };
      for (const user of prepared) {
        await trx
          .insertInto('users')
          .values({
            username: user.username,
            password_hash: user.passwordHash,
            role: user.role,
            created_at: ctx.now(),
            display_name: user.displayName,
            email: user.email,
            must_change_password: 1,
          })
          .execute();
        await recordAudit(tx, {
          event: 'user.created',
          actor,
          target: user.username,
          details: { role: user.role, source: 'import' },
        });
      }
      await recordAudit(tx, { event: 'users.imported', actor, details: { count: prepared.length } });
    });
  } catch (error) {
    // Created meanwhile by someone else: nothing of this import stays.
    if (isUniqueViolation(error)) throw new AppError('USER_EXISTS');
    throw error;
  }
  const mailed = new Set(
    prepared.filter((user) => ctx.mailer && user.email !== null).map((user) => user.username),
  );
  await mailPasswordLinks(ctx, [...mailed], linkURL);
  return prepared.map(({ line, username, oneTimePassword }) =>
    mailed.has(username)
      ? { line, username, linkMailed: true }
      : { line, username, oneTimePassword, linkMailed: false },
  );
}

function parseCandidates(text: string): Candidate[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw invalid([
      lineError(typeof line === 'number' ? line : 1, 'BAD_REQUEST', (error as Error).message.slice(0, 200)),
    ]);
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  const unknown = columns.filter((name) => !IMPORT_COLUMNS.has(name) && !READ_ONLY_COLUMNS.has(name));
  if (!columns.includes('username') || unknown.length > 0) {
    throw invalid([
      lineError(
        1,
        'BAD_REQUEST',
        `The first line names the columns: username (required), display_name, email, role.${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''}`,
      ),
    ]);
  }
  if (records.length > MAX_IMPORT_ROWS)
    throw invalid([lineError(1, 'BAD_REQUEST', `At most ${MAX_IMPORT_ROWS} users per file.`)]);
  const errors: CSVLineError[] = [];
  const candidates: Candidate[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    try {
      const role = unescapeCell(record.role ?? '') || 'user';
      if (role !== 'user' && role !== 'admin')
        throw new AppError('BAD_REQUEST', undefined, 'The role is "user" or "admin" (empty means user).');
      candidates.push({
        line,
        username: normalizeUsername(unescapeCell(record.username ?? '')),
        displayName: normalizeDisplayName(unescapeCell(record.display_name ?? '')),
        email: normalizeEmail(unescapeCell(record.email ?? '')),
        role,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(lineError(line, error.code, error.message));
    }
  }
  errors.push(
    ...duplicates(candidates, 'username', 'USER_EXISTS'),
    ...duplicates(candidates, 'email', 'EMAIL_EXISTS'),
  );
  if (errors.length > 0) throw invalid(errors);
  if (candidates.length === 0) throw invalid([lineError(1, 'BAD_REQUEST', 'The file has no users.')]);
  return candidates;
}

/** Lines that repeat a name or address of an earlier line. */
function duplicates(candidates: Candidate[], key: 'username' | 'email', code: ErrorCode): CSVLineError[] {
  const seen = new Map<string, number>();
  const errors: CSVLineError[] = [];
  for (const candidate of candidates) {
    const value = candidate[key];
    if (value === null) continue;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, candidate.line);
    else errors.push(lineError(candidate.line, code, `${value} is already on line ${first}.`));
  }
  return errors;
}

/** Lines whose username or email address an existing user has. */
async function refuseTaken(ctx: ServiceContext, candidates: Candidate[]): Promise<void> {
  const errors: CSVLineError[] = [];
  for (let start = 0; start < candidates.length; start += 200) {
    const chunk = candidates.slice(start, start + 200);
    const names = chunk.map((candidate) => candidate.username);
    const emails = chunk.flatMap((candidate) => (candidate.email === null ? [] : [candidate.email]));
    const taken = await ctx.db
      .selectFrom('users')
      .select(['username', 'email'])
      .where((eb) =>
        eb.or([eb('username', 'in', names), ...(emails.length ? [eb('email', 'in', emails)] : [])]),
      )
      .execute();
    const takenNames = new Set(taken.map((row) => row.username));
    const takenEmails = new Set(taken.map((row) => row.email));
    for (const candidate of chunk) {
      if (takenNames.has(candidate.username))
        errors.push(
          lineError(candidate.line, 'USER_EXISTS', `${candidate.username}: a user with this name exists.`),
        );
      else if (candidate.email !== null && takenEmails.has(candidate.email))
        errors.push(
          lineError(candidate.line, 'EMAIL_EXISTS', `${candidate.email}: another user has this address.`),
        );
    }
  }
  if (errors.length > 0) throw invalid(errors);
}

function lineError(line: number, code: ErrorCode, message: string): CSVLineError {
  return { line, code, message };
}

function invalid(errors: CSVLineError[]): AppError {
  return new AppError('INVALID_CSV', { errors: errors.sort((a, b) => a.line - b.line).slice(0, 50) });
}
