#!/usr/bin/env node
// Runs every workspace's benchmark, one after another, so figures are not disturbed by each other.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.slice(2);
let failed = 0;
for (const ws of root.workspaces) {
  const pkg = JSON.parse(readFileSync(new URL(`../${ws}/package.json`, import.meta.url), 'utf8'));
  if (!pkg.scripts?.bench) continue;
  if (only.length > 0 && !only.some((name) => ws.includes(name))) continue;
  console.log(`\n=== ${pkg.name} (${ws}) ===`);
  const run = spawnSync('npm', ['run', 'bench', '-w', ws], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
