import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../src/index.js';

describe('chromiumPath', () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const made = mkdtempSync(join(tmpdir(), 'kakunin-chromium-'));
    dirs.push(made);
    return made;
  };
  const fakeChromium = (folder: string, name = 'chromium'): string => {
    const file = join(folder, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };
  afterEach(() => {
    for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('takes CHROME_PATH first', () => {
    const chosen = fakeChromium(dir(), 'my-chrome');
    const onPath = dir();
    fakeChromium(onPath);
    expect(chromiumPath({ CHROME_PATH: chosen, PATH: onPath })).toBe(chosen);
  });

  it('refuses a CHROME_PATH that is not an executable', () => {
    expect(() => chromiumPath({ CHROME_PATH: join(dir(), 'missing') })).toThrow(
      /CHROME_PATH=.*not an executable/,
    );
  });

  it('then finds chromium on PATH, in PATH order', () => {
    const empty = dir();
    const first = dir();
    const second = dir();
    fakeChromium(second);
    const expected = fakeChromium(first);
    expect(chromiumPath({ PATH: [empty, first, second].join(delimiter) })).toBe(expected);
  });

  it('says how to get Chromium when there is none', () => {
    expect(() => chromiumPath({ PATH: dir() })).toThrow(/apt-get install chromium.*CHROME_PATH/);
  });

  it('launches the Chromium it finds', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome/);
    } finally {
      await browser.close();
    }
  });
});
