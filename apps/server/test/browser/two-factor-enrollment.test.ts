import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  codeFor,
  errorMessage,
  expectClean,
  openPage,
  PASSWORD,
  poll,
  readKey,
  readRecoveryCodes,
  screenshot,
  signIn,
  signOut,
} from './support.js';

const suite = browserSuite(['alice', 'bob', 'nojs', 'carol']);

describe('enable two-factor authentication in the browser', () => {
  it('registers a key through the dialog, then signs in with a code and with a recovery code', async () => {
    const watched = await openPage(suite.browser);
    const { page, context } = watched;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });

    await signIn(page, suite.server.url, 'alice', PASSWORD);
    await page.waitForURL(`${suite.server.url}/account`);
    const section = page.getByRole('region', { name: 'Two-factor authentication' });
    await poll(() => section.getByText('Status: off').isVisible()).toBe(true);
    await screenshot(page, '01-account-2fa-off');

    await section.getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL(`${suite.server.url}/account/two-factor/enroll`);
    expect(
      await page
        .getByRole('img', { name: 'QR code to scan with your authenticator app' })
        .locator('svg')
        .count(),
    ).toBe(1);
    const key = await readKey(page);
    const link = page.getByRole('link', { name: 'Open in an authenticator app on this device' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^otpauth:\/\/totp\/Kakunin:alice\?/);
    expect(new URL(href).searchParams.get('secret')).toBe(key.replaceAll(' ', ''));
    const code = page.getByLabel('Authentication code');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('pattern')).toBe('\\s*([0-9０-９]\\s*){6}');
    await screenshot(page, '02-enroll-dialog');

    // A wrong code: the dialog stays, same key, and says the code may have expired.
    const wrong = (await codeFor(key, 0)) === '000000' ? '111111' : '000000';
    await code.fill(wrong);
    await page.getByRole('button', { name: 'Enable' }).click();
    await poll(() => errorMessage(page)).toContain('may have expired');
    expect(await readKey(page)).toBe(key);
    await screenshot(page, '03-enroll-wrong-code');

    await page.getByLabel('Authentication code').fill(await codeFor(key, -1));
    await page.getByRole('button', { name: 'Enable' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Your recovery codes');
    const codes = await readRecoveryCodes(page);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const recovery of codes) expect(recovery).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    await screenshot(page, '04-recovery-codes');

    // Copy (the external script shows the button) and download (a form POST, nothing in the URL).
    await page.getByRole('button', { name: 'Copy codes' }).click();
    await poll(() => page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    expect((await page.evaluate(() => navigator.clipboard.readText())).trim().split('\n')).toEqual(codes);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download codes' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('kakunin-recovery-codes.txt');
    expect(download.url()).toBe(`${suite.server.url}/account/two-factor/recovery-codes/download`);
    const file = readFileSync((await download.path()) ?? '', 'utf8');
    for (const recovery of codes) expect(file).toContain(recovery);

    await page.getByRole('link', { name: 'I have saved my codes' }).click();
    await poll(() => section.getByText('Status: on').isVisible()).toBe(true);
    await signOut(page);

    // Sign-in now asks for the code.
    await signIn(page, suite.server.url, 'alice', PASSWORD);
    await page.waitForURL(`${suite.server.url}/sign-in/code`);
    await screenshot(page, '05-sign-in-code');
    await page.getByLabel('Authentication code').fill(await codeFor(key, 0));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${suite.server.url}/account`);
    await signOut(page);

    // A recovery code works once.
    for (const attempt of ['first', 'again']) {
      await signIn(page, suite.server.url, 'alice', PASSWORD);
      await page.getByRole('link', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(codes[3] ?? '');
      await page.getByRole('button', { name: 'Verify' }).click();
      if (attempt === 'first') {
        await page.waitForURL(`${suite.server.url}/account?notice=recovery-used`);
        expect(await page.getByRole('status').textContent()).toContain('signed in with a recovery code');
        await signOut(page);
      } else {
        await poll(() => errorMessage(page)).toContain('already used');
        await screenshot(page, '06-recovery-code-used');
      }
    }

    // Regenerating the codes asks for a current code; the new list replaces the old one.
    await page.getByLabel('Recovery code').fill(codes[4] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${suite.server.url}/account?notice=recovery-used`);
    const regenerate = page.getByRole('region', { name: 'Recovery codes' });
    expect(await regenerate.getByText('Recovery codes left: 8').isVisible()).toBe(true);
    await regenerate.getByLabel('Authentication code').fill(await codeFor(key, 1));
    await regenerate.getByRole('button', { name: 'Generate new recovery codes' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('old ones no longer work');
    const fresh = await readRecoveryCodes(page);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((recovery) => codes.includes(recovery))).toEqual([]);
    expectClean(watched);
    await context.close();
  }, 120_000);

  it('switches to a new key while 2FA stays on, then disables 2FA with a current code', async () => {
    const watched = await openPage(suite.browser);
    const { page, context } = watched;
    await signIn(page, suite.server.url, 'bob', PASSWORD);
    await page.getByRole('button', { name: 'Enable' }).click();
    const oldKey = await readKey(page);
    await page.getByLabel('Authentication code').fill(await codeFor(oldKey, -1));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('link', { name: 'I have saved my codes' }).click();

    // Re-keying is a sensitive change: a code from the current key first (a stolen session has none).
    await page.getByRole('button', { name: 'Register a new key' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm that it is you');
    await page
      .getByLabel('Code from your authenticator app, or a recovery code')
      .fill(await codeFor(oldKey, 0));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Register a new key');
    await page.getByText('your recovery codes are replaced by new ones').waitFor();
    const newKey = await readKey(page);
    expect(newKey).not.toBe(oldKey);
    await screenshot(page, '07-rekey-dialog');
    // Leaving the dialog unconfirmed changes nothing: 2FA stays on with the old key.
    await page.getByRole('link', { name: 'Cancel' }).click();
    await poll(() => page.getByText('Status: on').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Register a new key' }).click();
    const newerKey = await readKey(page);
    await page.getByLabel('Authentication code').fill(await codeFor(newerKey, -1));
    await page.getByRole('button', { name: 'Confirm new key' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('new key is active');
    expect(await readRecoveryCodes(page)).toHaveLength(10);
    await page.getByRole('link', { name: 'I have saved my codes' }).click();
    await signOut(page);

    // The old key no longer signs in; the new one does.
    await signIn(page, suite.server.url, 'bob', PASSWORD);
    await page.getByLabel('Authentication code').fill(await codeFor(oldKey, 0));
    await page.getByRole('button', { name: 'Verify' }).click();
    await poll(() => errorMessage(page)).toContain('may have expired');
    await page.getByLabel('Authentication code').fill(await codeFor(newerKey, 0));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${suite.server.url}/account`);

    const disable = page.getByRole('region', { name: 'Turn off two-factor authentication' });
    await disable.getByLabel('Authentication code').fill(await codeFor(oldKey, 1));
    await disable.getByRole('button', { name: 'Disable' }).click();
    await poll(() => errorMessage(page)).toContain('That code did not work');
    await disable.getByLabel('Authentication code').fill(await codeFor(newerKey, 1));
    await disable.getByRole('button', { name: 'Disable' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('Two-factor authentication is off.');
    await poll(() => page.getByText('Status: off').isVisible()).toBe(true);
    expectClean(watched);
    await context.close();
  }, 120_000);

  it('works without JavaScript: enable, download the codes, sign in with the code', async () => {
    const watched = await openPage(suite.browser, { javaScriptEnabled: false });
    const { page } = watched;
    await signIn(page, suite.server.url, 'nojs', PASSWORD);
    await page.getByRole('button', { name: 'Enable' }).click();
    const key = await readKey(page);
    await page.getByLabel('Authentication code').fill(await codeFor(key, -1));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL(`${suite.server.url}/account/two-factor/enrollment/confirm`);
    const codes = await readRecoveryCodes(page);
    expect(codes).toHaveLength(10);
    // Copying needs the script; without it the button stays hidden and download remains.
    expect(await page.getByRole('button', { name: 'Copy codes' }).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download codes' }).click(),
    ]);
    expect(readFileSync((await download.path()) ?? '', 'utf8')).toContain(codes[9]);
    await page.getByRole('link', { name: 'I have saved my codes' }).click();
    await signOut(page);
    await signIn(page, suite.server.url, 'nojs', PASSWORD);
    await page.getByLabel('Authentication code').fill(await codeFor(key, 0));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${suite.server.url}/account`);
    expect(await page.getByText('Status: on').isVisible()).toBe(true);
    expectClean(watched);
    await watched.context.close();
  }, 60_000);

  it('a double click on Enable and on Verify, with latency, ends on the recovery codes and the account', async () => {
    // Without the page script (which disables a sent form's button), so the second click really
    // sends the form again, as from a browser where the script did not load.
    const watched = await openPage(suite.browser, { javaScriptEnabled: false });
    const { page } = watched;
    // Each form POST reaches the server at once and its answer (with any new session cookie) comes
    // back 2 s late: the second click is sent while the first answer's redirect is still on its way,
    // however slow the machine is to click.
    const sent: string[] = [];
    await page.route('**/*', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      sent.push(new URL(route.request().url()).pathname);
      const response = await route.fetch({ maxRedirects: 0 });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.fulfill({ response }).catch(() => {}); // the browser may have moved on already
    });
    await signIn(page, suite.server.url, 'carol', PASSWORD);
    await page.waitForURL(`${suite.server.url}/account`);
    await page.getByRole('button', { name: 'Enable' }).click();
    const key = await readKey(page);
    await page.getByLabel('Authentication code').fill(await codeFor(key, -1));
    await clickTwice(page.getByRole('button', { name: 'Enable' }));
    expect(await readRecoveryCodes(page)).toHaveLength(10);
    expect(sent.filter((path) => path === '/account/two-factor/enrollment/confirm')).toHaveLength(2);
    await page.getByRole('link', { name: 'I have saved my codes' }).click();
    await signOut(page);

    await signIn(page, suite.server.url, 'carol', PASSWORD);
    await page.getByLabel('Authentication code').fill(await codeFor(key, 0));
    await clickTwice(page.getByRole('button', { name: 'Verify' }));
    // The second submit replaces the first one's navigation (which the browser reports as aborted):
    // what counts is where the page ends up.
    await poll(() => page.url()).toBe(`${suite.server.url}/account`);
    await page.waitForLoadState();
    expect(await page.getByText('Status: on').isVisible()).toBe(true);
    expect(sent.filter((path) => path === '/sign-in/code')).toHaveLength(2);
    expectClean(watched);
    await watched.context.close();
  }, 60_000);
});

/** Clicks, then clicks the same spot again while the first answer is still on its way. */
async function clickTwice(button: Locator): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error('the button is not on screen');
  const page = button.page();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}
