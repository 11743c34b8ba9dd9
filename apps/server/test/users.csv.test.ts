import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

type Imported = { line: number; username: string; oneTimePassword: string };
type LineError = { line: number; code: string };

// How companies onboard people: CSV in (all or nothing, a bad line named by number, one-time
// passwords to replace at the first sign-in) and CSV out (safe to open in a spreadsheet).
describe.each(dialects())('users as CSV on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterAll(async () => {
    await service.close();
  });

  const userCount = async () =>
    Number(
      (
        await service.ctx.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importCSV = (csv: string) => admin.send('POST', '/api/admin/users/import', { csv });

  it('imports nothing when a line is wrong, and names every wrong line', async () => {
    const before = await userCount();
    const response = await importCSV(
      [
        'username,display_name,email,role',
        'good1,Good One,good1@example.com,user',
        'good2,Good Two,not-an-address,user',
        'good1,Again,,user',
        'bad name,,,user',
        'good3,,,owner',
        'root,,,admin',
        'good4,,,',
      ].join('\n'),
    );
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; errors: LineError[] } };
    expect(error.code).toBe('INVALID_CSV');
    expect(error.errors.map((line) => [line.line, line.code])).toEqual([
      [3, 'INVALID_EMAIL'],
      [4, 'USER_EXISTS'],
      [5, 'INVALID_USERNAME'],
      [6, 'BAD_REQUEST'],
    ]);
    expect(await userCount()).toBe(before);
    // A name taken in the database is found once the lines themselves are right.
    const taken = await importCSV('username,role\nfresh1,user\nroot,admin\n');
    expect((taken.json() as { error: { errors: LineError[] } }).error.errors).toEqual([
      expect.objectContaining({ line: 3, code: 'USER_EXISTS' }),
    ]);
    expect(await userCount()).toBe(before);
    for (const bad of ['', 'name,role\nx,user', 'username\n"unclosed']) {
      expect((await importCSV(bad)).json().error.code).toBe('INVALID_CSV');
    }
    expect(await userCount()).toBe(before);
  });

  it('creates the users with one-time passwords that must be replaced at the first sign-in', async () => {
    const response = await importCSV(
      '\uFEFFusername,display_name,email,role\r\nnew1,新 一,New1@Example.com,user\r\nnew2,,,admin\r\n',
    );
    expect(response.statusCode, response.body).toBe(201);
    const { users } = response.json() as { users: Imported[] };
    expect(users.map((user) => [user.line, user.username])).toEqual([
      [2, 'new1'],
      [3, 'new2'],
    ]);
    const first = users[0] as Imported;
    expect(first.oneTimePassword.length).toBeGreaterThanOrEqual(15);
    const person = service.client();
    expect(
      (await person.expect('POST', '/api/login', { username: 'new1', password: first.oneTimePassword }, 200))
        .status,
    ).toBe('password_change_required');
    // Nothing else until the password is their own: pages, API, apps behind the proxy.
    expect(await person.errorCode('GET', '/api/me')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await person.send('GET', '/account')).headers.location).toBe('/account/password');
    const newPassword = 'my very own staple battery';
    await person.expect(
      'PUT',
      '/api/me/password',
      { currentPassword: first.oneTimePassword, newPassword },
      200,
    );
    await person.expect('GET', '/api/me', undefined, 200);
    const again = service.client();
    expect(
      (await again.expect('POST', '/api/login', { username: 'new1', password: newPassword }, 200)).status,
    ).toBe('ok');
    const summary = await admin.expect('GET', '/api/admin/users/new1', undefined, 200);
    expect(summary).toMatchObject({
      displayName: '新 一',
      email: 'new1@example.com',
      mustChangePassword: false,
    });
    expect((await admin.expect('GET', '/api/admin/users/new2', undefined, 200)).role).toBe('admin');
  });

  it('exports every user with formula-safe cells and ISO UTC times', async () => {
    const cells = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3', '@SUM(A1)', '\tTAB', '\rCR'];
    for (const [i, name] of cells.entries()) {
      await addUser(service, `f${i}`);
      await admin.expect('PATCH', `/api/admin/users/f${i}`, { displayName: `x${i}` }, 200);
      await service.ctx.db
        .updateTable('users')
        .set({ display_name: name })
        .where('username', '=', `f${i}`)
        .execute();
    }
    const response = await admin.send('GET', '/api/admin/users.csv');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'username',
      'display_name',
      'email',
      'role',
      'disabled',
      'two_factor',
      'created_at',
    ]);
    const byName = new Map(rows.map((row) => [row.username, row]));
    expect(cells.map((_, i) => byName.get(`f${i}`)?.display_name)).toEqual(cells.map((cell) => `'${cell}`));
    expect(byName.get('root')?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(byName.get('new2')?.role).toBe('admin');
  });
});
