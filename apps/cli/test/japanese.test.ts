import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kakunin, PASSWORD, RFC_SECRET, tempDir, vaultText } from './harness.js';

let dir: string;
let cleanup: () => Promise<void>;
let fixture: string;
const ja = { LANG: 'ja_JP.UTF-8' };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  fixture = await vaultText([{ issuer: 'GitHub', name: 'alice' }]);
});
afterAll(() => cleanup());

describe('messages in Japanese (LANG=ja_JP.UTF-8)', () => {
  it('explains a missing vault and a wrong password', async () => {
    const missing = join(dir, 'none.json');
    const none = await kakunin(['list', '--vault', missing], { env: { ...ja, KAKUNIN_PASSWORD: PASSWORD } });
    expect(none).toMatchObject({
      code: 1,
      stderr: `${missing} に保管庫がありません。「kakunin init」で作成するか、--vault PATH で指定してください。\n`,
    });
    const path = join(dir, 'vault.json');
    await writeFile(path, fixture);
    const wrong = await kakunin(['list', '--vault', path], { env: { ...ja, KAKUNIN_PASSWORD: 'x' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('を開けません。パスワードが違います。');
  });

  it('reports adding, malformed URIs, import failures and export warnings', async () => {
    const path = join(dir, 'work.json');
    await writeFile(path, fixture);
    const env = { ...ja, KAKUNIN_PASSWORD: PASSWORD };
    const added = await kakunin(
      ['add', `otpauth://totp/%E7%A4%BE%E5%86%85:bob?secret=${RFC_SECRET}`, '--vault', path],
      { env },
    );
    expect(added).toMatchObject({ code: 0, stderr: '社内 (bob) を追加しました。\n' });
    const bad = await kakunin(['add', 'otpauth://totp/x', '--vault', path], { env });
    expect(bad).toMatchObject({
      code: 1,
      stderr:
        'その otpauth:// URI は使えません。鍵にシークレットがありません。サービスで新しいQRコードを表示してください。\n',
    });
    const junk = join(dir, 'junk.txt');
    await writeFile(junk, 'hello\n');
    const imported = await kakunin(['import', junk, '--vault', path], { env });
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('は Kakunin が読み込める形式ではありません。');
    expect(imported.stdout).toBe('取り込み 0 件、スキップ 0 件、失敗 1 件。\n');
    const exported = await kakunin(['export', '--format', 'uri-list', '--vault', path], { env });
    expect(exported.stderr).toContain('警告: この出力には秘密鍵が暗号化されずに含まれます。');
  });
});
