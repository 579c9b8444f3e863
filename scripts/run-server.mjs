#!/usr/bin/env node
// `npm run server` and `npm run admin`: run the built server (dist/server),
// building it first when it is missing or older than its sources. On a
// production install (`npm ci --omit=dev`, no esbuild) a built tree just runs;
// if it is stale there, this says so instead of running old code.
// Usage: node scripts/run-server.mjs main|admin-cli [args...]
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'server');
const [entry, ...args] = process.argv.slice(2);
if (entry !== 'main' && entry !== 'admin-cli') {
  console.error('usage: node scripts/run-server.mjs main|admin-cli [args...]');
  process.exit(2);
}

/** Newest modification time of the files under `dir` (0 if it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!item.isFile()) continue;
    const full = path.join(item.parentPath ?? item.path, item.name);
    latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

/** Whether dist/server is missing, or older than a source, the build script or package.json. */
function isStale() {
  const built = ['main.js', 'admin-cli.js', 'sqlite-writer-thread.js', 'sqlite-checkpointer-thread.js'].map(
    (file) => path.join(outdir, file),
  );
  if (!built.every((file) => existsSync(file))) return true;
  const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const sources = Math.max(
    newest(path.join(root, 'server')),
    newest(path.join(root, 'shared')),
    statSync(path.join(root, 'package.json')).mtimeMs,
    statSync(path.join(root, 'scripts', 'build-server.mjs')).mtimeMs,
  );
  return sources > builtAt;
}

if (isStale()) {
  let buildServer;
  try {
    ({ buildServer } = await import('./build-server.mjs'));
  } catch {
    // esbuild is a dev dependency: a production install cannot build.
    console.error(
      'dist/server is missing or older than its sources, and it cannot be built here (esbuild is a dev ' +
        'dependency). Build it with `npm run build:server` on a machine with dev dependencies.',
    );
    process.exit(1);
  }
  try {
    await buildServer({ quiet: true });
  } catch (error) {
    console.error(`building the server failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}

// Run in this process (no second process between a signal and the server): the entry reads its
// arguments from process.argv as if it had been started directly.
const file = path.join(outdir, `${entry}.js`);
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
