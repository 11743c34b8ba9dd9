/** ANSI styling that turns itself off when colour is unwanted. */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * Colour only on a terminal, never when NO_COLOR is set to anything non-empty (it wins over
 * FORCE_COLOR, which turns colour on for pipes).
 * @see https://no-color.org/
 */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** Styling functions that wrap text in SGR sequences, or return it unchanged when disabled. */
export function colors(enabled: boolean): Colors {
  const sgr = (open: number, close: number) => (text: string) =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}
