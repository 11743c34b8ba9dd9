// Bundles the compiled CLI (dist/) into dist/bundle/: one file for the start-up path and one chunk per
// command, so `kakunin code` resolves and compiles a handful of files instead of about sixty.
// The workspace packages, commander and @scure/base are bundled; every other library stays an import
// of its own package (the importers, QR and prompt libraries, WebAssembly files found by path), and
// each command still loads its module only when it runs.
//
// `node scripts/bundle.mjs --sources DIR` bundles the TypeScript sources (src/ and the workspace
// packages' src/) into DIR instead, the same way: the tests run that, so that each of their hundred-odd
// commands starts as the installed one does, without a TypeScript loader and without a build first.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { sources: { type: 'string' } } });
const BUNDLED = /^(@kakunin\/|commander$|@scure\/base$)/;
const outdir = values.sources
  ? resolve(values.sources)
  : new URL('../dist/bundle/', import.meta.url).pathname;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL(values.sources ? '../src/main.ts' : '../dist/main.js', import.meta.url).pathname],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The compiled packages are read through their built `node` entries, as an installed CLI reads them
  // (the tests' bundle reads their sources).
  conditions: values.sources ? ['@kakunin/source', 'node'] : ['node'],
  // Without comments and white space V8 has half as much to scan and compile at every start (the
  // start-up file goes from 160 KB to 89 KB, most of it commander's documentation comments); names
  // are kept, so a stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [
    {
      // commander requires node:child_process when it loads, for subcommands that are programs of
      // their own (`kakunin-name` executables), which kakunin does not have; loading it (and what it
      // pulls in) costs every command a few milliseconds. The bundle hands commander a stand-in that
      // loads the module on the first call instead.
      name: 'lazy-child-process',
      setup(build) {
        build.onResolve({ filter: /^node:child_process$/ }, ({ importer }) =>
          /[\\/]node_modules[\\/]commander[\\/]/.test(importer)
            ? { path: 'lazy-child-process', namespace: 'lazy-child-process' }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
          contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
          loader: 'js',
        }));
      },
    },
    {
      name: 'external-libraries',
      setup(build) {
        build.onResolve({ filter: /^[^./#]/ }, ({ path }) =>
          path.startsWith('node:') || !BUNDLED.test(path) ? { path, external: true } : undefined,
        );
      },
    },
  ],
  // commander is CommonJS: its `require` of Node's modules needs a real `require` in an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
