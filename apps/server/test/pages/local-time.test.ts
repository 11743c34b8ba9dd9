// Times on the pages are in a zone the reader can read, and always say which: the browser's (its
// script reports it), else KAKUNIN_TIME_ZONE — never unlabelled UTC.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { formatDateTime } from '../../src/web/components/time.js';
import { signInWithForm } from '../support/forms.js';
import { addUser, PASSWORD, type TestService, testService } from '../support/harness.js';

// 2026-11-30 23:05:09 UTC
const AT = Date.UTC(2026, 10, 30, 23, 5, 9);

describe('times on pages', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('formats with the zone named, in both languages', () => {
    expect(formatDateTime(AT, 'en', 'UTC')).toBe('30 Nov 2026, 23:05:09 UTC');
    expect(formatDateTime(AT, 'en', 'Asia/Tokyo')).toBe('01 Dec 2026, 08:05:09 GMT+9');
    expect(formatDateTime(AT, 'ja', 'Asia/Tokyo')).toBe('2026/12/01 08:05:09 JST');
    expect(formatDateTime(AT, 'en', 'Europe/Berlin')).toMatch(/^01 Dec 2026, 00:05:09 (CET|GMT\+1)$/);
  });

  it('reads KAKUNIN_TIME_ZONE and refuses an unknown zone with the variable named', () => {
    expect(loadConfig({}).timeZone).toBe('UTC');
    expect(loadConfig({ KAKUNIN_TIME_ZONE: 'asia/tokyo' }).timeZone).toBe('Asia/Tokyo');
    expect(() => loadConfig({ KAKUNIN_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(() => loadConfig({ KAKUNIN_TIME_ZONE: 'Mars/Olympus' })).toThrow(/KAKUNIN_TIME_ZONE/);
  });

  it('writes the audit log in the browser zone when reported, else in the service zone, always labelled', async () => {
    service = await testService('sqlite', { env: { KAKUNIN_TIME_ZONE: 'Asia/Tokyo' } });
    await addUser(service, 'root', 'admin');
    const root = service.client();
    await signInWithForm(root, 'root', PASSWORD);
    const when = (html: string) => /<time [^>]*data-local-time[^>]*>([^<]+)<\/time>/.exec(html)?.[1];

    const fallback = await root.send('GET', '/admin/audit');
    expect(when(fallback.body)).toMatch(/ GMT\+9$/);
    root.cookies.set('tz', 'America/New_York');
    expect(when((await root.send('GET', '/admin/audit')).body)).toMatch(/ (EST|EDT|GMT-5|GMT-4)$/);
    // A cookie that is not a zone is ignored, not trusted.
    root.cookies.set('tz', '<script>');
    expect(when((await root.send('GET', '/admin/audit')).body)).toMatch(/ GMT\+9$/);
  });
});
