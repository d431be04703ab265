import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The web app is built into apps/web/dist and served by the API at `/` (apps/api/src/web). In development the
 * Vite server proxies `/api` to the API on port 3000 (API_PROXY_TARGET to change it).
 */
export default defineConfig({
  root,
  base: '/',
  // Vite 8 transforms TSX with Oxc; the automatic runtime avoids importing React in every component.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; meaningless in a plain SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    // The protocol files under /protocols are bundled (thresholds drawn on the course plot).
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: process.env.API_PROXY_TARGET ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
