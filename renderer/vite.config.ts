import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
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

export default defineConfig({
  root,
  base: './',
  plugins: [consoleCsp(), react()],
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
