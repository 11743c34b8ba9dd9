/**
 * JS shipped by the production build: gzip -9 of every chunk (.wasm excluded; WebAssembly inlined into
 * JavaScript is counted with its chunk), which modules make up each chunk, and what loads before the
 * first code: the entry chunk, its static imports and the active language's message catalogue.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';

export interface Chunk {
  file: string;
  gzip: number;
  /** The largest modules of the chunk by rendered length, as paths from the repository root. */
  modules: string[];
}

export interface Shipped {
  chunks: Chunk[];
  total: number;
  /** JS before the first code for each language (entry, static imports, that catalogue, registerSW.js). */
  initial: Record<'en' | 'ja', number>;
  /** The chunks on the path to the first code, English UI. */
  initialChunks: string[];
  worker: number;
}

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;

const CATALOGUES = { en: 'src/i18n/en.ts', ja: 'src/i18n/ja.ts' } as const;

/** Builds the app into `outDir` and measures its chunks. */
export async function jsShipped(appDir: string, outDir: string): Promise<Shipped> {
  const composition = new Map<string, string[]>();
  const record: Plugin = {
    name: 'chunk-composition',
    generateBundle(_options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        const modules = Object.entries(out.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .sort(([, a], [, b]) => b.renderedLength - a.renderedLength)
          .map(([id]) => shortName(id, appDir));
        composition.set(out.fileName, modules);
      }
    },
  };
  await build({
    root: appDir,
    logLevel: 'warn',
    plugins: [record],
    build: { outDir, emptyOutDir: true },
  });
  const gz = async (file: string): Promise<number> =>
    gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
  const chunks: Chunk[] = [];
  for (const f of (await readdir(join(outDir, 'assets'))).filter((f) => f.endsWith('.js'))) {
    const file = `assets/${f}`;
    chunks.push({ file, gzip: await gz(file), modules: composition.get(file) ?? [] });
  }
  chunks.push({ file: 'registerSW.js', gzip: await gz('registerSW.js'), modules: [] });
  chunks.sort((a, b) => b.gzip - a.gzip);
  const size = new Map(chunks.map((c) => [c.file, c.gzip]));
  const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const closure = (keys: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string): void => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const i of manifest[key].imports ?? []) visit(i);
    };
    for (const key of keys) visit(key);
    return seen;
  };
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  const path = (lang: 'en' | 'ja'): string[] => [
    ...new Set([...closure([...entries, CATALOGUES[lang]])].map((key) => manifest[key]!.file)),
    'registerSW.js',
  ];
  const sum = (files: readonly string[]): number => files.reduce((s, f) => s + (size.get(f) ?? 0), 0);
  let worker = 0;
  for (const f of await readdir(outDir))
    if (f.endsWith('.js') && f !== 'registerSW.js') worker += await gz(f);
  return {
    chunks,
    total: sum(chunks.map((c) => c.file)),
    initial: { en: sum(path('en')), ja: sum(path('ja')) },
    initialChunks: path('en'),
    worker,
  };
}

function shortName(id: string, appDir: string): string {
  // Virtual modules (the bundler's runtime) have ids that start with a NUL character.
  if (id.startsWith('\0')) return id.slice(1);
  const nodeModules = id.lastIndexOf('node_modules/');
  if (nodeModules >= 0) return id.slice(nodeModules + 'node_modules/'.length);
  return relative(join(appDir, '..', '..'), id.replace(/\?.*$/, ''));
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The per-chunk table as Markdown: size, whether it is on the first code's path, main modules. */
export function chunkTable(shipped: Shipped, modulesShown = 4): string {
  const rows = shipped.chunks.map((c) => {
    const first = shipped.initialChunks.includes(c.file) ? 'yes' : '';
    const more = c.modules.length > modulesShown ? ` +${c.modules.length - modulesShown}` : '';
    const modules = c.modules.slice(0, modulesShown).join(', ') + more;
    return `| ${c.file.replace(/-[\w-]{8}\.js$/, '.js')} | ${kb(c.gzip)} | ${first} | ${modules} |`;
  });
  return ['| chunk | gzip -9 | first code | largest modules |', '|---|---:|---|---|', ...rows].join('\n');
}
