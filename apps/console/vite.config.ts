import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The TellOnce web console. Built to dist/console; the gateway serves it at `/` (SPA fallback)
// and every API call is same-origin `/v1/...`. In `vite dev`, /v1 is proxied to a local gateway.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: '../../dist/console', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/v1': process.env.TELLONCE_URL || 'http://127.0.0.1:8080' } },
});
