import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
// The only files allowed to use Node's modules: the Node scrypt and codecs, and the Node file adapter
// (own entry).
const NODE_ONLY = ['scrypt-node.ts', 'codec-node.ts', 'node.ts'];

describe('the main entry runs in browsers', () => {
  it.each(readdirSync(src).filter((f) => !NODE_ONLY.includes(f)))('%s uses nothing only Node has', (file) => {
    const source = readFileSync(`${src}${file}`, 'utf8');
    expect(source).not.toMatch(/from ['"](node:|fs|path|crypto)['"/]/);
    expect(source).not.toMatch(/\b(Buffer|process|require)\b/);
  });

  it('reaches node:crypto scrypt only through the #scrypt import condition', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(pkg.imports['#scrypt']['@kakunin/source']).toEqual({
      node: './src/scrypt-node.ts',
      default: './src/scrypt-web.ts',
    });
    expect(pkg.exports['./node']['@kakunin/source']).toBe('./src/node.ts');
  });
});
