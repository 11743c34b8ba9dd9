/**
 * Bundles the CLI from its sources once per run (scripts/bundle.mjs --sources), into .tmp/test-bundle:
 * the tests start it as the installed command starts, without a TypeScript loader in every process.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BUNDLE_SCRIPT = fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url));
const TEST_BUNDLE = fileURLToPath(new URL('../.tmp/test-bundle', import.meta.url));

export default async function setup(): Promise<void> {
  await promisify(execFile)(process.execPath, [BUNDLE_SCRIPT, '--sources', TEST_BUNDLE]);
}
