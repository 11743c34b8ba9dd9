import { UAParser } from 'ua-parser-js';

/** What a person recognises a session by: the browser and the system, both optional. */
export interface BrowserDescription {
  /** "Chrome 120", "Firefox 128"… null when the User-Agent names none. */
  browser: string | null;
  /** "Windows 10", "macOS 14.5", "iOS 17.4"… null when unknown. */
  system: string | null;
}

/** Browser and system named by a User-Agent header (ua-parser-js 1.x, MIT). */
export function describeUserAgent(userAgent: string | null): BrowserDescription {
  if (!userAgent) return { browser: null, system: null };
  const { browser, os } = new UAParser(userAgent).getResult();
  return { browser: joinName(browser.name, browser.major), system: joinName(os.name, os.version) };
}

function joinName(name: string | undefined, version: string | undefined): string | null {
  if (!name) return null;
  return version ? `${name} ${version}` : name;
}
