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
  screenshot,
} from './support.js';

const suite = browserSuite(['hanako', 'taro']);

describe('Japanese pages', () => {
  it('follows Accept-Language: sign-in, errors and the 2FA dialog in Japanese', async () => {
    const watched = await openPage(suite.browser, { locale: 'ja-JP' });
    const { page } = watched;
    await page.goto(`${suite.server.url}/sign-in`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ログイン');
    await page.getByLabel('ユーザー名').fill('hanako');
    await page.getByLabel('パスワード').fill('まちがい');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => errorMessage(page)).toContain('ユーザー名またはパスワードが正しくない');
    // What the user typed comes back as text, never markup.
    expect(await page.getByLabel('ユーザー名').inputValue()).toBe('hanako');
    await screenshot(page, '13-ja-sign-in-error');

    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/account`);
    const section = page.getByRole('region', { name: '2要素認証' });
    expect(await section.getByText('状態: 無効').isVisible()).toBe(true);
    await section.getByRole('button', { name: '有効にする' }).click();
    await page.waitForURL(`${suite.server.url}/account/two-factor/enroll`);
    expect(await page.getByRole('img', { name: '認証アプリで読み取る QR コード' }).isVisible()).toBe(true);
    const key = await readKey(page);
    await page.getByLabel('確認コード').fill('12345');
    // The browser itself refuses 5 digits (pattern), so nothing is sent.
    await page.getByRole('button', { name: '有効にする' }).click();
    expect(
      await page.getByLabel('確認コード').evaluate((input: HTMLInputElement) => input.validity.valid),
    ).toBe(false);
    await page.getByLabel('確認コード').fill(await codeFor(key, -1));
    await page.getByRole('button', { name: '有効にする' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('リカバリーコード');
    expect(await page.getByRole('status').textContent()).toBe('2要素認証が有効になりました。');
    await screenshot(page, '14-ja-recovery-codes');
    expectClean(watched);
    await watched.context.close();
  }, 90_000);

  it('switches language with the footer links and remembers the choice', async () => {
    const watched = await openPage(suite.browser, { locale: 'en-US' });
    const { page } = watched;
    await page.goto(`${suite.server.url}/sign-in`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    const languages = page.getByRole('navigation', { name: 'Language' });
    await languages.getByRole('link', { name: '日本語' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('ログイン');
    expect(page.url()).toBe(`${suite.server.url}/sign-in`);

    // The cookie wins over Accept-Language on the next pages, also after signing in.
    await page.getByLabel('ユーザー名').fill('taro');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/account`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('アカウント設定');
    await screenshot(page, '15-ja-account');
    await page.getByRole('navigation', { name: '言語' }).getByRole('link', { name: 'English' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Account settings');
    expect(page.url()).toBe(`${suite.server.url}/account`);

    // The switch only ever returns to a page of this site.
    await page.goto(`${suite.server.url}/lang/ja?next=//evil.example/`);
    expect(page.url()).toBe(`${suite.server.url}/account`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('アカウント設定');
    expectClean(watched);
    await watched.context.close();
  }, 60_000);
});
