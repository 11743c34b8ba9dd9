/**
 * The vault and the page the browser benchmarks share: the same accounts (every tenth, the first
 * included, with a 60 s period) and the same way onto the code list.
 */
import { createAccount } from '@kakunin/otp';
import { createVault } from '@kakunin/vault';
import type { Page } from 'playwright-core';

export const PASSWORD = 'benchmark password, long enough';

/** A vault file with `count` accounts. */
export async function vaultFile(count: number): Promise<string> {
  const vault = await createVault(PASSWORD);
  for (let i = 0; i < count; i++) {
    vault.add(
      createAccount({
        secret: new Uint8Array(20).map((_, j) => (i * 7 + j * 13) & 0xff),
        issuer: `Service ${String(i).padStart(4, '0')}`,
        name: `user${i}@example.com`,
        period: i % 10 === 0 ? 60 : 30,
      }),
    );
  }
  return vault.serialize();
}

/** Restores `text` as the vault on a fresh page, then reloads to the lock screen. */
export async function restore(page: Page, url: string, text: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Restore from a backup file' }).click();
  await page
    .getByLabel('Choose file')
    .setInputFiles({ name: 'v.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByLabel('Vault password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.locator('li.account').first().waitFor({ timeout: 60_000 });
}
