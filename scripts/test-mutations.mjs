#!/usr/bin/env node
// Mutation checks: each entry below breaks one defence the way a careless rewrite would, in a scratch
// copy of the repository, and runs only the tests that guard it, once per database dialect. The run
// fails unless every mutation makes at least one test fail on every dialect — so a green test suite
// keeps meaning that the defence is there. A mutation whose target text is no longer in the file fails
// the run too: whoever rewrites that code updates the mutation with it.
//
//   npm run test:mutations                  SQLite, plus PostgreSQL when TEST_DATABASE_URL is set
//   npm run test:mutations -- totp-claim    only the mutations whose name contains the word
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS } from './mutations.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const mutations = MUTATIONS.filter((mutation) => !only || mutation.name.includes(only));
const dialects = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

function fail(message) {
  console.error(`\ntest:mutations: ${message}`);
  process.exit(1);
}

if (mutations.length === 0) fail(`no mutation is named like "${only}"`);
if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: checking SQLite only (CI checks PostgreSQL too).');
}

/** A copy of the tracked (and new, unignored) files, sharing the installed node_modules. */
function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-mutations-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) fail(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  const workspaces = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces ?? [];
  for (const folder of ['.', ...workspaces]) {
    const modules = join(ROOT, folder, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(dir, folder, 'node_modules'), 'dir');
  }
  return dir;
}

/** Replaces the mutation's target text, which must stand in its file exactly once. */
function mutate(dir, mutation) {
  const path = join(dir, mutation.file);
  const source = readFileSync(path, 'utf8');
  const count = source.split(mutation.find).length - 1;
  if (count !== 1) {
    fail(
      `mutation "${mutation.name}": its target text stands ${count} times in ${mutation.file} (once expected).\n` +
        'The code it breaks has changed: update the mutation in scripts/mutations.mjs to break the new code ' +
        'the same way, and check that the tests still catch it.',
    );
  }
  return { path, original: source, mutated: source.replace(mutation.find, mutation.replace) };
}

/** Runs test files once (every dialect); returns failed test names, passed count and unloadable files. */
function runTests(dir, project, tests) {
  const report = join(dir, `.mutation-report-${process.pid}.json`);
  rmSync(report, { force: true });
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=json', `--outputFile=${report}`, ...tests],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1' } },
  );
  if (!existsSync(report)) fail(`vitest wrote no report:\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const all = result.testResults.flatMap((file) => file.assertionResults);
  // A file that failed to load is not a caught mutation: it says nothing about the defence.
  const broken = result.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  return {
    failed: all.filter((test) => test.status === 'failed').map((test) => test.fullName),
    passed: all.filter((test) => test.status === 'passed').map((test) => test.fullName),
    broken: broken.map((file) => `${file.name}: ${file.message}`),
  };
}

/** The names that belong to one dialect (the suites are named "… on sqlite", "… on postgres"). */
const onDialect = (names, dialect) => names.filter((name) => name.includes(` on ${dialect} `));

const dir = scratchCopy();
let survived = 0;
try {
  const targets = mutations.map((mutation) => ({ mutation, ...mutate(dir, mutation) }));
  // The guarding tests must pass, on every dialect, before anything is broken.
  for (const project of new Set(mutations.map((mutation) => mutation.project))) {
    const files = [...new Set(mutations.filter((m) => m.project === project).flatMap((m) => m.tests))];
    const baseline = runTests(dir, project, files);
    const missing = dialects.filter((dialect) => onDialect(baseline.passed, dialect).length === 0);
    if (baseline.failed.length > 0 || baseline.broken.length > 0 || missing.length > 0) {
      fail(
        `the guarding tests do not all pass before mutating${missing.length ? ` (none ran on ${missing})` : ''}:\n` +
          [...baseline.failed, ...baseline.broken].join('\n'),
      );
    }
  }
  for (const { mutation, path, original, mutated } of targets) {
    console.log(`\n== ${mutation.name}: ${mutation.description}`);
    writeFileSync(path, mutated);
    const outcome = runTests(dir, mutation.project, mutation.tests);
    writeFileSync(path, original);
    if (outcome.broken.length > 0) fail(`the mutated code does not load:\n${outcome.broken.join('\n')}`);
    for (const dialect of dialects) {
      const failed = onDialect(outcome.failed, dialect);
      const total = failed.length + onDialect(outcome.passed, dialect).length;
      if (failed.length === 0) {
        survived++;
        console.log(`   ${dialect}: SURVIVED — all ${total} tests still pass with the defence removed`);
      } else {
        console.log(`   ${dialect}: caught by ${failed.length} of ${total}`);
        for (const name of failed) console.log(`      ✗ ${name}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (survived > 0) fail(`${survived} mutation run(s) survived: the tests above cannot fail when they should.`);
console.log(`\nEvery mutation was caught on ${dialects.join(' and ')}.`);
