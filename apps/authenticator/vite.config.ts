import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// One CSP for the dev server, `vite preview` and the production static server (serve/).
const csp: string = JSON.parse(readFileSync(new URL('./csp.json', import.meta.url), 'utf8'))[
  'content-security-policy'
];
const securityHeaders = {
  'Content-Security-Policy': csp,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export default defineConfig({
  // Workspace packages are built from their TypeScript sources: a clean checkout builds with no dist.
  resolve: { conditions: ['@kakunin/source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs; the .wasm especially must stay a same-origin file.
    assetsInlineLimit: 0,
    // No preload helper or dependency lists in the entry chunk: lazy screens fetch their few shared
    // chunks themselves (from the service worker's cache after the first visit).
    modulePreload: false,
    // Lists each chunk's static imports: the benchmark sums what loads before the first code.
    manifest: true,
  },
  server: { headers: securityHeaders },
  preview: { headers: securityHeaders },
  plugins: [
    preact(),
    VitePWA({
      // A file script (registerSW.js), not an inline one: the CSP forbids inline scripts.
      injectRegister: 'script',
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'Kakunin Authenticator',
        short_name: 'Kakunin',
        description: 'Two-factor authentication codes, offline and encrypted',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
});
