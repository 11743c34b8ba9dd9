import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOldAudit, recordAudit } from '../src/services/audit.js';
import { dialects, type TestService, testService } from './support/harness.js';

const DAY = 86_400_000;

// An audit log that grows for ever fills the disk (and keeps addresses longer than said); one that
// loses recent entries hides an attack. The sweep deletes exactly what is older than the setting.
describe.each(dialects())('audit log retention on %s', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService(dialect, { env: { KAKUNIN_AUDIT_RETENTION_DAYS: '30' } });
  });
  afterAll(() => service.close());

  it('deletes entries older than KAKUNIN_AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const { ctx, clock } = service;
    const now = clock.ms;
    for (const [target, age] of [
      ['old', 31 * DAY],
      ['just-old', 30 * DAY + 1],
      ['kept', 30 * DAY - 1000],
      ['recent', DAY],
    ] as const) {
      clock.ms = now - age;
      await recordAudit(ctx, { event: 'logout', actor: { username: 'test', ip: null }, target });
    }
    clock.ms = now;
    expect(service.app.config.auditRetentionDays).toBe(30);
    // What the sweep (every 10 minutes, see start.ts) runs.
    expect(await deleteOldAudit(ctx, service.app.config.auditRetentionDays)).toBe(2);
    const left = await ctx.db
      .selectFrom('audit_log')
      .select('target')
      .where('event', '=', 'logout')
      .execute();
    expect(left.map((row) => row.target).sort()).toEqual(['kept', 'recent']);
  });
});
