import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../src/services/context.js';
import { getSettings, SETTINGS_CACHE_MS, updateSettings } from '../src/services/settings.js';
import { dialects, type TestService, testService } from './support/harness.js';

const admin = { username: 'root', ip: null };

// Every sign-in step reads the administrator's settings; an instance reads them from the database
// at most once a second. A change made through an instance applies there at once, and on every other
// instance sharing the database within that second.
describe.each(dialects())('the settings an instance remembers (%s)', (dialect) => {
  let service: TestService;
  let other: ServiceContext;
  beforeEach(async () => {
    service = await testService(dialect);
    other = { ...service.ctx, db: (await service.test.reopen()).db };
  });
  afterEach(async () => service.close());

  it('applies a change made here at once, even right after a read', async () => {
    expect((await getSettings(service.ctx)).twoFactor).toBe('allowed');
    await updateSettings(service.ctx, { twoFactor: 'required' }, admin);
    expect((await getSettings(service.ctx)).twoFactor).toBe('required');
    await updateSettings(service.ctx, { lockout: { maxFailures: 3 } }, admin);
    expect((await getSettings(service.ctx)).lockout.maxFailures).toBe(3);
  });

  it('applies a change made on another instance within a second, answering from what it read until then', async () => {
    expect((await getSettings(service.ctx)).twoFactor).toBe('allowed');
    await updateSettings(other, { twoFactor: 'required' }, admin);
    const reads: string[] = [];
    const started = performance.now();
    let seen = (await getSettings(service.ctx)).twoFactor;
    while (seen !== 'required' && performance.now() - started < 3 * SETTINGS_CACHE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = (await getSettings(service.ctx)).twoFactor;
      reads.push(seen);
    }
    expect(seen).toBe('required');
    expect(performance.now() - started).toBeLessThan(SETTINGS_CACHE_MS + 500);
    // Until then the remembered settings answered: a handful of calls, not a read each.
    expect(reads.length).toBeGreaterThan(3);
  });
});
