import { defineConfig } from 'vite';

// Built by `npm run build:dashboard` from the package root; Parley serves the output at /dashboard/
// (src/api/routes/dashboard-routes.ts).
export default defineConfig({
  root: 'dashboard',
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist-dashboard',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts: the CSP allows only our own files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
