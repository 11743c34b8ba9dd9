/**
 * The built app in headless Chromium (one browser, one context per scenario): first run, codes,
 * wrong password, lock, XSS in an issuer, Japanese UI, offline reload, clock check, and no CSP
 * violation or request to another origin anywhere.
 */
import { code, createAccount, decodeBase32 } from '@kakunin/otp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addManually,
  addMenu,
  appURL,
  createVault,
  launchBrowser,
  PASSWORD,
  pageProblems,
  plausibleCodes,
  ringState,
  row,
  shownCode,
  unlock,
  watchPage,
} from './support/app.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const ACCOUNT = createAccount({ secret: decodeBase32(KEY), issuer: 'Example', name: 'alice@example.com' });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  watchPage(page);
  await page.goto(appURL());
  return { context, page };
}

function expectClean(page: Page): void {
  const p = pageProblems(page);
  expect(p.csp).toEqual([]);
  expect(p.foreignRequests).toEqual([]);
  expect(p.errors).toEqual([]);
}

describe('authenticator app', () => {
  it('creates a vault, shows the right code, copies it, and survives a reload behind the lock', async () => {
    const { context, page } = await open();
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    // Mismatched passwords are refused with a message.
    await page.getByLabel('Vault password').fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(`${PASSWORD}x`);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two passwords differ' }).waitFor();
    await createVault(page);
    await addManually(page, 'Example', 'alice@example.com', KEY);

    const r = row(page, 'alice@example.com');
    expect(await r.locator('.issuer').textContent()).toBe('Example');
    expect(await r.locator('.name').textContent()).toBe('alice@example.com');
    expect(await r.locator('.code').textContent()).toMatch(/^\d{3} \d{3}$/);
    expect(plausibleCodes(ACCOUNT)).toContain(await shownCode(page, 'alice@example.com'));
    // The countdown ticks, and matches the clock.
    const { seconds } = await ringState(r);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(30);
    await expect.poll(async () => (await ringState(r)).seconds, { timeout: 5000 }).not.toBe(seconds);
    const remaining = await page.evaluate(() => Math.ceil((30_000 - (Date.now() % 30_000)) / 1000));
    expect([remaining, remaining + 1, remaining === 30 ? 1 : remaining - 1]).toContain(
      (await ringState(r)).seconds,
    );

    // Tap to copy.
    await r.locator('.account-main').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(plausibleCodes(ACCOUNT)).toContain(copied);

    // Reload: the vault is locked and stored encrypted (no secret in localStorage).
    await page.reload();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(local).not.toContain(KEY);
    await unlock(page);
    expect(plausibleCodes(ACCOUNT)).toContain(await shownCode(page, 'alice@example.com'));

    // Lock on demand.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    expect(await page.locator('li.account').count()).toBe(0);
    expectClean(page);
    await context.close();
  });

  it('says the password is wrong and keeps the vault', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addManually(page, 'Keep', 'me', KEY);
    await page.reload();
    await page.getByLabel('Vault password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor({ timeout: 30_000 });
    await unlock(page);
    await row(page, 'Keep').waitFor();
    expectClean(page);
    await context.close();
  });

  it('shows an issuer with markup as text, never as markup', async () => {
    const { context, page } = await open();
    await createVault(page);
    const evil = '<img src=x onerror="window.__xss=1"><b>Evil</b>';
    await addManually(page, evil, '<script>window.__xss=2</script>', KEY);
    const r = row(page, 'Evil');
    expect(await r.locator('.issuer').textContent()).toBe(evil);
    expect(await r.locator('.issuer img, .issuer b, .name script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expectClean(page);
    await context.close();
  });

  it('speaks Japanese to a Japanese browser, and switches language', async () => {
    const { context, page } = await open('ja-JP');
    await page.getByRole('heading', { name: '保管庫を作成' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByLabel('保管庫のパスワード').fill(PASSWORD);
    await page.getByLabel('パスワード（確認）').fill(PASSWORD);
    await page.getByRole('button', { name: '保管庫を作成' }).click();
    await page.getByRole('button', { name: 'アカウントを追加' }).click();
    for (const item of ['QR コードを読み取る', '画像から読み込む', 'キーを手動で入力']) {
      await page.getByRole('menuitem', { name: item }).waitFor();
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '設定' }).click();
    await page.getByLabel('言語').selectOption('en');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Registered services' }).waitFor();
    expectClean(page);
    await context.close();
  });

  it('works offline after the first visit, QR decoder included', async () => {
    const { context, page } = await open();
    await createVault(page);
    // Wait until the service worker controls the page and has precached everything.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
      }
    });
    await context.setOffline(true);
    await page.reload();
    await unlock(page);
    // The decoder's .wasm comes from the precache: import a QR image while offline.
    const png = await QRCode.toBuffer(
      'otpauth://totp/Offline%20Co:bob?secret=JBSWY3DPEHPK3PXP&issuer=Offline%20Co',
    );
    await addMenu(page, 'Import image');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Register' }).click();
    const offline = createAccount({ secret: decodeBase32(KEY), issuer: 'Offline Co', name: 'bob' });
    await row(page, 'Offline Co').waitFor();
    expect(plausibleCodes(offline)).toContain(await shownCode(page, 'Offline Co'));
    expectClean(page);
    await context.close();
  });

  it('explains an image without a QR code and a QR code that holds no key', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addMenu(page, 'Import image');
    const foreign = await QRCode.toBuffer('https://example.com/not-a-key');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: foreign });
    await page.getByRole('alert').filter({ hasText: 'is not a two-factor key' }).waitFor();
    const damaged = await QRCode.toBuffer('otpauth://totp/x?secret=not*base32');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'b.png', mimeType: 'image/png', buffer: damaged });
    await page.getByRole('alert').filter({ hasText: 'The secret is not valid base32' }).waitFor();
    expectClean(page);
    await context.close();
  });

  it('asks for the camera only when scanning, and explains a missing or refused camera', async () => {
    // Without a camera (this browser has none), then with a camera the person refuses.
    const withCamera = await launchBrowser(['--use-fake-device-for-media-stream']);
    for (const [b, message] of [
      [browser, 'No camera was found'],
      [withCamera, 'Camera access was denied'],
    ] as const) {
      const context = await b.newContext({ permissions: b === browser ? ['camera'] : [] });
      await context.addInitScript(() => {
        const w = window as { __cameraRequests?: number };
        w.__cameraRequests = 0;
        const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) => {
          w.__cameraRequests = (w.__cameraRequests ?? 0) + 1;
          return original(c);
        };
      });
      const page = await context.newPage();
      await page.goto(appURL());
      await createVault(page);
      // The camera is requested only once "Scan QR code" is chosen.
      expect(await page.evaluate(() => (window as { __cameraRequests?: number }).__cameraRequests)).toBe(0);
      await addMenu(page, 'Scan QR code');
      await page.getByRole('alert').filter({ hasText: message }).waitFor();
      expect(await page.evaluate(() => (window as { __cameraRequests?: number }).__cameraRequests)).toBe(1);
      await context.close();
    }
    await withCamera.close();
  });

  it('imports QR images by drag-and-drop and by paste, and edits a service', async () => {
    const { context, page } = await open();
    await createVault(page);
    const dropped = await QRCode.toBuffer(
      'otpauth://totp/Dropped:eve?secret=JBSWY3DPEHPK3PXP&issuer=Dropped',
    );
    const pasted = await QRCode.toBuffer('otpauth://totp/Pasted:eve?secret=JBSWY3DPEHPK3PXP&issuer=Pasted');
    const send = async (type: 'drop' | 'paste', bytes: Buffer) => {
      // The screen loads on first use; its paste listener is attached just after it renders.
      await page.locator('.dropzone').waitFor();
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
      );
      await page.evaluate(
        ([kind, data]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(data)], 'qr.png', { type: 'image/png' }));
          if (kind === 'drop') {
            document
              .querySelector('.dropzone')!
              .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          } else {
            document.dispatchEvent(
              new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
            );
          }
        },
        [type, [...bytes]] as const,
      );
    };
    await addMenu(page, 'Import image');
    await send('drop', dropped);
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'Dropped').waitFor();
    await addMenu(page, 'Import image');
    await send('paste', pasted);
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'Pasted').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Registered services' }).click();
    await page.getByRole('button', { name: 'Move up: Pasted (eve)' }).click();
    await page.getByRole('button', { name: 'Pasted eve' }).click();
    await page.getByLabel('Issuer').fill('Renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    // Manual order: the moved-up account first.
    expect(await page.locator('li.account .issuer').allTextContents()).toEqual(['Renamed', 'Dropped']);
    expectClean(page);
    await context.close();
  });

  it('shows the next code during the last 10 seconds of a period', async () => {
    const context = await browser.newContext();
    // 15 s before the end of a 30 s period; the fake clock then runs at normal speed.
    const start = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
    await context.clock.install({ time: start });
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'Example', 'alice@example.com', KEY);
    const r = row(page, 'alice@example.com');
    // Before the last 10 seconds (read in the same look as the ring's seconds, so a busy machine that
    // took more than 5 s to get here cannot make it a look at the last seconds): no warning, the name.
    const before = await ringState(r);
    if (before.seconds > 11) {
      expect(before).toMatchObject({ warning: false, nextShown: false, nameShown: true });
    }
    const elapsed = (await page.evaluate(() => Date.now())) - start;
    await page.clock.runFor(Math.max(0, 7_000 - elapsed));
    // The ring, set to the clock again when it and the clock disagree, is in its last seconds: it
    // warns, and the next code shows in the account name's place.
    await expect.poll(() => ringState(r)).toMatchObject({ warning: true, nextShown: true, nameShown: false });
    expect((await ringState(r)).seconds).toBeLessThanOrEqual(10);
    const periodEnd = Math.floor(start / 30_000) * 30_000 + 30_000;
    expect((await r.locator('.next-code').textContent())?.replace(' ', '')).toBe(code(ACCOUNT, periodEnd));
    expect(await page.getByRole('button', { name: /next/ }).count()).toBe(1);
    // After the rollover the next code becomes the code, and the name is back.
    await page.clock.runFor(10_000);
    await expect.poll(() => shownCode(page, 'alice@example.com')).toBe(code(ACCOUNT, periodEnd));
    await expect
      .poll(() => ringState(r))
      .toMatchObject({ warning: false, nextShown: false, nameShown: true });
    expect(await page.getByRole('button', { name: /next/ }).count()).toBe(0);
    await context.close();
  });

  it('warns when the device clock is off by more than 15 seconds', async () => {
    const context = await browser.newContext();
    await context.clock.install({ time: new Date(Date.now() + 90_000) });
    const page = await context.newPage();
    await page.goto(appURL());
    await page.getByRole('alert').filter({ hasText: 'clock differs' }).waitFor();
    await context.close();
  });
});
