import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../src/services/audit-query.js';
import type { Client } from './support/client.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const ROWS = 3000;

// The audit page's questions: what did this person do or have done to them, which events of a kind,
// what happened between two dates — over a large log, and exported so a spreadsheet cannot be made
// to run formulas by a name or address that someone typed.
describe.each(dialects())('audit log filters and export on %s', (dialect) => {
  let service: TestService;
  let admin: Client;

  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    const events = ['login.succeeded', 'login.password_failed', 'account.locked'];
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      at: START + (i % 30) * DAY + i,
      event: events[i % 3] as string,
      actor: i % 10 === 0 ? 'ops' : null,
      target: `user${i % 50}`,
      ip: '192.0.2.1',
      details: null,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await service.ctx.db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    await service.ctx.db
      .insertInto('audit_log')
      .values(
        ['=HYPERLINK("http://evil.example")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx'].map((target) => ({
          at: START + 40 * DAY,
          event: 'user.created',
          actor: 'csv',
          target,
          ip: '=1+2',
          details: null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await service.close();
  });

  type Events = {
    events: { id: number; at: string; event: string; actor: string | null; target: string | null }[];
  };
  const list = async (query: string) =>
    (await admin.expect('GET', `/api/admin/audit?${query}`, undefined, 200)) as Events;

  it('filters by person as actor or target, by event, and by dates (UTC days, the last included)', async () => {
    const user7 = await list('user=USER7&limit=1000');
    expect(user7.events).toHaveLength(ROWS / 50);
    expect(user7.events.every((event) => event.target === 'user7')).toBe(true);
    const ops = await list('user=ops&limit=1000');
    expect(ops.events).toHaveLength(ROWS / 10);
    const locked = await list('event=account.locked&user=user5&limit=1000');
    expect(locked.events.every((event) => event.event === 'account.locked' && event.target === 'user5')).toBe(
      true,
    );
    expect(locked.events).toHaveLength(20);
    const days = await list('from=2026-11-03&to=2026-11-04&limit=1000');
    expect(days.events).toHaveLength(200);
    expect(days.events.every((event) => event.at >= '2026-11-03T' && event.at < '2026-11-05T')).toBe(true);
    expect(await admin.errorCode('GET', '/api/admin/audit?from=yesterday')).toBe('BAD_REQUEST');
    // No name or event holds a control character; PostgreSQL's text cannot even hold a NUL byte.
    for (const query of ['event=%00', 'user=a%00b', 'event=login%0A'])
      expect(await admin.errorCode('GET', `/api/admin/audit?${query}`), query).toBe('BAD_REQUEST');
    const page = await admin.send('GET', '/admin/audit?event=%00');
    expect(page.statusCode).toBe(400);
  });

  it('pages newest first with `before`, keeping the filter', async () => {
    const first = await list('event=account.locked&limit=400');
    const oldest = first.events.at(-1)?.id as number;
    const second = await list(`event=account.locked&limit=1000&before=${oldest}`);
    expect(first.events.length + second.events.length).toBe(ROWS / 3);
    expect(second.events.every((event) => event.id < oldest && event.event === 'account.locked')).toBe(true);
  });

  it('exports CSV with ISO UTC times and cells that cannot start a formula', async () => {
    const response = await admin.send('GET', '/api/admin/audit.csv?user=csv');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,event,user,actor,address,details');
    expect(lines).toHaveLength(7);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^2026-12-11T00:00:00\.000Z,user\.created,/);
      const [, , user, , address] = line.split(',');
      expect(user).toMatch(/^"?'/);
      expect(address).toBe("'=1+2");
    }
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('answers the filters from indexes, not by reading the whole log', async () => {
    const plans: string[] = [];
    if (dialect === 'sqlite') {
      for (const where of [
        "event = 'account.locked'",
        "(actor = 'ops' or target = 'ops')",
        'at >= 1 and at < 2',
      ])
        plans.push(
          JSON.stringify(
            (
              await sql
                .raw(`explain query plan select * from audit_log where ${where} order by id desc limit 100`)
                .execute(service.ctx.db)
            ).rows,
          ),
        );
      expect(plans[0]).toContain('USING INDEX audit_log_event');
      expect(plans[1]).toContain('USING INDEX audit_log_actor');
      expect(plans[1]).toContain('USING INDEX audit_log_target');
      expect(plans[2]).toContain('USING INDEX audit_log_at');
    } else {
      const indexes = await sql<{
        indexname: string;
      }>`select indexname from pg_indexes where tablename = 'audit_log'`.execute(service.ctx.db);
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining(['audit_log_event', 'audit_log_actor', 'audit_log_target', 'audit_log_at']),
      );
    }
  });
});
