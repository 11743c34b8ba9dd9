/**
 * Threat: after "Lock" (or the inactivity lock) the decrypted vault stays reachable in the page —
 * in a component's state, a closure or a cached list — so whoever gets the unlocked device (or a
 * script on the page) reads the keys without the password. After a lock and a garbage collection,
 * the heap must hold no decrypted secret, and every screen must ask for the password again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addManually, appURL, createVault, launchBrowser, unlock } from './support/app.js';

// A key only this test uses: if its Base32 text is in the heap, decrypted vault content is.
const KEY = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3EMVTGO2DJ';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** True when some string in a fresh heap snapshot (after a full garbage collection) contains `text`. */
async function heapHolds(page: Page, text: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
  return snapshot.strings.some((s) => s.includes(text));
}

describe('locking drops the decrypted vault', () => {
  it('leaves no decrypted key in memory after Lock, and asks for the password again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'Memory', 'mallory', KEY);
    // A fresh page: the key now reaches memory only by decrypting the stored vault.
    await page.reload();
    await unlock(page);
    expect(await heapHolds(page, KEY)).toBe(true);

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    expect(await heapHolds(page, KEY)).toBe(false);

    // No screen behind the lock is left reachable: no header actions, no codes.
    expect(await page.getByRole('button', { name: 'Settings' }).count()).toBe(0);
    expect(await page.locator('li.account').count()).toBe(0);
    await context.close();
  });
});
