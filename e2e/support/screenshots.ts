/**
 * Screenshots of each scenario step. They go to e2e/screenshots-tmp/ (ignored by git); with
 * UPDATE_SCREENSHOTS=1 they replace the README's pictures in docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './launcher.js';

export const SCREENSHOT_DIR: string = join(
  REPO_ROOT,
  process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'e2e/screenshots-tmp',
);

/** Saves the whole page as `<name>.png` (from the top, whatever the focus scrolled to). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}
