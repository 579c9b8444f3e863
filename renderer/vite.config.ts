import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConsoleCsp, staticConsoleCsp } from '../shared/platform/csp';
import { SYNC_SERVER_CONNECT_SOURCES } from '../shared/platform/server-url';

// The console is one static bundle served by three hosts: Electron's app://
// protocol, the sync server (`consoleDir`) and any static server. `base: './'`
// keeps every asset URL relative so the same build works under all of them.
const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const DEV_SERVER = { host: '127.0.0.1', port: 5173 };
const CSP_MARKER = '%POSKO_CSP%';

/**
 * Writes the console's CSP into index.html from the one shared definition. The build fails when
 * the marker is missing, so a hand-written policy cannot creep back in. The dev server gets the
 * same policy plus what Vite's hot reload needs (its origin, websocket and inline preamble).
 */
function consoleCsp(): Plugin {
  return {
    name: 'posko-console-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (!html.includes(CSP_MARKER)) throw new Error(`renderer/index.html lacks ${CSP_MARKER}`);
        const policy = ctx.server
          ? buildConsoleCsp({
              connectSources: SYNC_SERVER_CONNECT_SOURCES,
              devServerOrigin: `http://${DEV_SERVER.host}:${DEV_SERVER.port}`,
              delivery: 'meta',
            })
          : staticConsoleCsp();
        return html.replace(CSP_MARKER, policy);
      },
    },
  };
}

/**
 * The browser console's service worker (Workbox through vite-plugin-pwa): it precaches the built
 * console so `start:web` opens with no network after one online visit. Registered only in the
 * browser host (renderer/pwa/register-service-worker.ts), never inside Electron, which serves the
 * same files from app:// itself.
 * - No runtime caching: an API answer (/v1/...) is never stored; the console's data lives in
 *   IndexedDB, and a cached answer would show another moment's (or another user's) data.
 * - Updates wait: no skipWaiting / clientsClaim. A new build installs beside the running one and
 *   takes over when every console tab has been closed (the next start), never mid-session,
 *   where an old page would load chunks of a new build.
 */
function consoleServiceWorker() {
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'prompt',
    injectRegister: false,
    manifest: false,
    filename: 'sw.js',
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2,json}'],
      globIgnores: ['**/*.map'],
      // The whole console is one bundle of about 1 MB; the default 2 MiB limit would silently
      // leave a grown bundle out of the precache, and the console would not open offline.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/v1(\/|$)/],
      runtimeCaching: [],
      skipWaiting: false,
      clientsClaim: false,
      cleanupOutdatedCaches: true,
      sourcemap: false,
    },
  });
}

export default defineConfig({
  root,
  base: './',
  plugins: [consoleCsp(), react(), consoleServiceWorker()],
  define: { __POSKO_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Electron ships a recent Chromium; the browser fallback targets current browsers only.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { ...DEV_SERVER, strictPort: true },
});
