import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32Lenient, totp } from '@kakunin/otp';
import { launchBrowser } from '@kakunin/test-support';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createUser } from '../../src/services/users.js';
import { type RunningServer, startServer } from '../../src/start.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'correct horse battery';
/**
 * The committed screenshots (used by the docs) are rewritten only with UPDATE_SCREENSHOTS=1; an
 * ordinary run writes them to a temp folder, so running the tests leaves the working tree clean.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, 'screenshots')
  : join(tmpdir(), 'kakunin-screenshots');
const VIEWPORT = { width: 1000, height: 700 };

/** The real service (start path as in production) on a random port, SQLite in a temp dir. */
export interface TestServer {
  url: string;
  ctx: ServiceContext;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kakunin-browser-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KAKUNIN_DATA_DIR: dataDir,
    KAKUNIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server: RunningServer = await startServer(config);
  return {
    url: server.url,
    ctx: server.app.kakunin,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a test file shares: one service and one browser. Filled in by `beforeAll`. */
export interface Suite {
  server: TestServer;
  browser: Browser;
}

/** Starts the service and the browser before the file's tests (creating `users`), and stops both after. */
export function browserSuite(users: readonly string[] = [], env: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    [suite.server, suite.browser] = await Promise.all([startTestServer(env), launch()]);
    for (const username of users) await addUser(suite.server, username);
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Creates a user directly through the service (set-up, not under test). */
export async function addUser(server: TestServer, username: string): Promise<void> {
  await createUser(server.ctx, { username, password: PASSWORD }, { username: 'setup', ip: null });
}

/** The browser of a test file (one context per page opened). */
export function launch(): Promise<Browser> {
  return launchBrowser();
}

/**
 * A page that records everything that must not happen: script errors, console errors (CSP violations
 * are reported there) and failed sub-resources. Error pages themselves answer 4xx on purpose, so the
 * console line Chromium prints for a 4xx document is ignored; stylesheets and scripts must load.
 */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  /** Requests aborted while their page stayed: a problem too. */
  unexplained: () => string[];
}

export async function openPage(
  browser: Browser,
  options: { locale?: string; javaScriptEnabled?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    const document = response.request().resourceType() === 'document';
    if ((!document && response.status() >= 400) || response.status() >= 500) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  // Documents the main frame has shown so far, and the one each request was made in.
  let documents = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) documents++;
  });
  const madeIn = new WeakMap<Request, number>();
  page.on('request', (request) => madeIn.set(request, documents));
  const aborted: Request[] = [];
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_ABORTED') {
      // A document request is aborted when it turns into a download or the next navigation starts.
      if (request.resourceType() === 'document') return;
      // So is a page's own request still running when the person leaves the page (the sign-in page
      // asks for passkey options as it loads; a quick sign-in leaves before the answer, sometimes
      // before the request is even sent): judged when the test is done, by whether the page left.
      aborted.push(request);
      return;
    }
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  const unexplained = () =>
    aborted
      .filter((request) => documents <= (madeIn.get(request) ?? documents))
      .map((request) => `request failed: ${request.url()} net::ERR_ABORTED`);
  return { page, context, problems, unexplained };
}

/**
 * `expect.poll` with room for a busy machine: pages that hash passwords can take more than the
 * default second when the whole suite runs at once.
 */
export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 50 });
}

/** Nothing went wrong in the browser (no script error, no CSP violation, every asset loaded). */
export function expectClean(watched: WatchedPage): void {
  expect([...watched.problems, ...watched.unexplained()]).toEqual([]);
}

/** Saves a small screenshot for the docs. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.wheel(0, -10_000);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

const PERIOD_MS = 30_000;

/**
 * The TOTP code an authenticator holding `keyText` (as shown on the page, grouped) would show, for
 * the time step `offset` steps from now. Codes are single use (each step at most once per key) and
 * accepted within ±1 step, so a test walks through offsets -1, 0, +1; for -1 it waits out the last
 * seconds of a step, so the server still sees that step inside its window when the form arrives.
 */
export async function codeFor(keyText: string, offset: -1 | 0 | 1): Promise<string> {
  const untilNext = PERIOD_MS - (Date.now() % PERIOD_MS);
  if (offset === -1 && untilNext < 5000) await new Promise((resolve) => setTimeout(resolve, untilNext + 50));
  const secret = decodeBase32Lenient(keyText);
  return totp(secret, Date.now() + offset * PERIOD_MS, { algorithm: 'SHA1', digits: 6, period: 30 });
}

/** Signs in with the username/password form. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs out with the header button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await poll(() => page.getByRole('status').textContent()).toBe('You have signed out.');
}

/** Reads the key shown in the registration dialog. */
export async function readKey(page: Page): Promise<string> {
  const text = (await page.locator('#secret-key').textContent()) ?? '';
  expect(text).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  return text;
}

/** The recovery codes shown on the page. */
export async function readRecoveryCodes(page: Page): Promise<string[]> {
  await page.locator('#recovery-codes').waitFor();
  await page.waitForLoadState();
  return page.locator('#recovery-codes code').allTextContents();
}

/** The errors the page shows in its error summary ("There is a problem"), one text per error. */
export async function errorMessage(page: Page): Promise<string> {
  return (await page.locator('.error-summary li').allTextContents()).join('\n');
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Serious and critical axe-core violations of the page as it is now. axe is added as a script tag,
 * which the pages' CSP refuses: the page's context must be opened with `bypassCSP`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((node) => node.target.join(' ')).slice(0, 3),
    }));
  });
  return found
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v: { id: string; impact: string; targets: string[] }) =>
        `${v.impact} ${v.id}: ${v.targets.join(', ')}`,
    );
}

/** How many CSS pixels the page is wider than the screen (0 when it fits). */
export function overflowWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}
