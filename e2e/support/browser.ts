/**
 * Headless Chromium for the end-to-end tests: one plain browser for the service's pages, and
 * "phones" — persistent profiles whose camera plays a Y4M file.
 *
 * The fake camera file is fixed when Chromium starts, so a phone that must scan another QR code is
 * closed and relaunched on the same profile directory (its IndexedDB vault survives) with a new file.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Flags every test browser gets: no sandbox (containers), no GPU, no traffic to Google. */
export const HEADLESS_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A small phone-like window; screenshots stay small enough to commit. */
export const DEFAULT_VIEWPORT = { width: 800, height: 600 } as const;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds Chromium: `CHROME_PATH`, else `/usr/bin/chromium`, else `chromium` on `PATH`. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return fromEnv;
  const candidates = ['/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push(join(dir, 'chromium'), join(dir, 'chromium-browser'));
  }
  const found = candidates.find(isExecutable);
  if (!found) {
    throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROME_PATH');
  }
  return found;
}

/** Launches a headless browser without a camera (for the service's web pages). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...HEADLESS_ARGS], headless: true });
}

/** Options of a phone: its profile folder, what its camera shows, and its language. */
export interface PhoneOptions {
  /** The profile directory; reuse it to keep the phone's stored data between launches. */
  profileDir: string;
  /** The Y4M file the camera plays; without it the phone has a camera that shows a test pattern. */
  cameraFile?: string;
  /** Browser language, e.g. 'en-US' or 'ja-JP'. */
  locale?: string;
  viewport?: { width: number; height: number };
}

/** Chromium flags for a phone whose camera plays `cameraFile` with permission already granted. */
export function cameraArgs(cameraFile?: string): string[] {
  const args = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
  if (cameraFile) args.push(`--use-file-for-fake-video-capture=${cameraFile}`);
  return args;
}

/** Launches a phone: a persistent headless profile whose camera plays a Y4M file. */
export function launchPhone(options: PhoneOptions): Promise<BrowserContext> {
  const locale = options.locale ?? 'en-US';
  return chromium.launchPersistentContext(options.profileDir, {
    executablePath: chromiumPath(),
    args: [...HEADLESS_ARGS, ...cameraArgs(options.cameraFile), `--lang=${locale}`],
    headless: true,
    locale,
    viewport: options.viewport ?? DEFAULT_VIEWPORT,
    permissions: ['camera', 'clipboard-read', 'clipboard-write'],
  });
}

/** Closes a phone and starts it again on the same profile with another camera file. */
export async function relaunchPhone(context: BrowserContext, options: PhoneOptions): Promise<BrowserContext> {
  await context.close();
  return launchPhone(options);
}

/** The phone's page: the one a persistent context opens with, or a new one. */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}
