import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The build goes straight into the engine's classes, so the jar serves it at /console (ConsoleHttp).
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../engine/target/classes/console', import.meta.url)),
    emptyOutDir: true,
    // no inline scripts or module preload polyfill: the CSP allows only script files from this origin
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  test: { environment: 'node', include: ['test/**/*.test.js'] },
});
