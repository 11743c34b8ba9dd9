/**
 * "Phones": persistent headless Chromium profiles whose camera plays a Y4M file.
 *
 * The fake camera file is fixed when Chromium starts, so a phone that must scan another QR code is
 * closed and relaunched on the same profile directory (its IndexedDB vault survives) with a new file.
 */
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumPath, HEADLESS_ARGS } from './chromium.js';

/** A small phone-like window; screenshots stay small enough to commit. */
export const DEFAULT_VIEWPORT = { width: 800, height: 600 } as const;

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
