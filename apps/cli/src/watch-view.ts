import type { Colors } from './color.js';
import { displayWidth } from './format.js';
import type { Translate } from './i18n/translate.js';

/** One account as `kakunin watch` shows it at one instant. */
export interface WatchRow {
  label: string;
  /** The code, or null for HOTP (showing it would use up the counter). */
  code: string | null;
  remainingMs: number;
  period: number;
}

const BAR = 10;

/** Splits a code into groups of three (or two halves for short codes) so it reads at a glance. */
export function groupCode(code: string): string {
  if (code.length <= 4) return code;
  const size = code.length % 3 === 0 ? 3 : Math.ceil(code.length / 2);
  return code.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? code;
}

/**
 * One frame of `kakunin watch`: a line per account with its code, the seconds left and a bar that
 * empties as the code ages, then the key hint. Pure: the caller supplies time-dependent values.
 */
export function renderWatch(rows: readonly WatchRow[], t: Translate, c: Colors): string[] {
  if (rows.length === 0) return [t('watch.empty'), '', c.dim(t('watch.quit'))];
  const labelWidth = Math.max(...rows.map((row) => displayWidth(row.label)));
  const codeWidth = Math.max(...rows.map((row) => (row.code === null ? 0 : groupCode(row.code).length)));
  const lines = rows.map((row) => {
    const label = row.label + ' '.repeat(labelWidth - displayWidth(row.label));
    if (row.code === null) return `${label}  ${c.dim(t('watch.hotp'))}`;
    const seconds = Math.ceil(row.remainingMs / 1000);
    const filled = Math.max(0, Math.min(BAR, Math.round((row.remainingMs / (row.period * 1000)) * BAR)));
    const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
    const urgent = seconds <= 5;
    const code = groupCode(row.code).padEnd(codeWidth);
    const time = `${String(seconds).padStart(2)}s`;
    return `${label}  ${c.bold(c.cyan(code))}  ${urgent ? c.red(time) : time} ${urgent ? c.red(bar) : c.dim(bar)}`;
  });
  return [...lines, '', c.dim(t('watch.quit'))];
}
