/**
 * The one way every test and benchmark finds and starts Chromium (Debian's package; nothing is
 * downloaded): `CHROME_PATH` when set, else `chromium` on `PATH`, always with the same flags.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Flags every test browser gets: no sandbox (containers), no GPU, no traffic to Google. */
export const HEADLESS_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Chromium's executable: `CHROME_PATH`, else `chromium` on `PATH`; a clear error when neither. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = dirs.map((dir) => join(dir, 'chromium')).find(isExecutable);
  if (!found) {
    throw new Error('Chromium not found on PATH: install it (apt-get install chromium) or set CHROME_PATH');
  }
  return found;
}

/** A headless browser without a camera unless `extraArgs` give it one. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...HEADLESS_ARGS, ...extraArgs],
    headless: true,
  });
}
