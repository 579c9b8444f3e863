// Builds the sync server with esbuild, so production runs plain `node` on
// JavaScript and needs no dev dependency (no tsx, no TypeScript):
//   dist/server/main.js                        the server (`npm run server`)
//   dist/server/admin-cli.js                   the admin CLI (`npm run admin`)
//   dist/server/sqlite-writer-thread.js        the SQLite writer thread (a Worker)
//   dist/server/sqlite-checkpointer-thread.js  the SQLite checkpoint thread (a Worker)
//   dist/server/package.json                   {"type":"module"}: dist/package.json is the
//                                              desktop app's manifest, which is not ESM
// Our code (server/ and shared/) is bundled; npm packages are not: they are
// loaded from node_modules, which `npm ci --omit=dev` installs. The check below
// fails the build if the server would import a package that is not a
// production dependency (it would start here and crash on a production install).
// The worker threads are started from their built files beside the bundle
// (server/storage/thread-entry.ts).
// Usage: node scripts/build-server.mjs [--outdir DIR]
import { build } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Entry points, relative to the root; each is built to `<outdir>/<basename>.js`. */
export const SERVER_ENTRIES = [
  'server/main.ts',
  'server/admin-cli.ts',
  'server/storage/sqlite-writer-thread.ts',
  'server/storage/sqlite-checkpointer-thread.ts',
];

/** The packages an import names: `fastify`, `@fastify/cors/x` -> `@fastify/cors`. */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Builds the server into `outdir` (default dist/server); each file is replaced whole (rename). */
export async function buildServer({ outdir = path.join(root, 'dist', 'server'), quiet = false } = {}) {
  const result = await build({
    entryPoints: SERVER_ENTRIES.map((entry) => path.join(root, entry)),
    outdir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    // package.json engines: ^20.19.0 || >=22.12.0
    target: 'node20.19',
    // Every npm package stays an import (better-sqlite3 and pg are native or optional anyway).
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
    absWorkingDir: root,
  });

  const rootPackage = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const production = new Set(Object.keys(rootPackage.dependencies ?? {}));
  const builtins = new Set(builtinModules);
  const imported = new Set(
    Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((imp) => imp.external).map((imp) => imp.path),
    ),
  );
  const missing = [...imported]
    .filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier))
    .map(packageOf)
    .filter((name) => !production.has(name));
  if (missing.length > 0) {
    throw new Error(
      `the server imports packages that are not production dependencies (npm ci --omit=dev lacks them): ${[
        ...new Set(missing),
      ].join(', ')}`,
    );
  }

  await mkdir(outdir, { recursive: true });
  // Written beside and renamed: a server starting while another build runs never reads half a file.
  const files = [
    ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: path.join(outdir, 'package.json'), contents: '{ "type": "module", "private": true }\n' },
  ];
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  if (!quiet) {
    const sizes = Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(
        ([file, output]) =>
          `${path.relative(root, path.resolve(root, file))} ${(output.bytes / 1024).toFixed(1)} kB`,
      );
    console.log(`built ${sizes.join(', ')}`);
  }
  return { outdir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  try {
    await buildServer({ outdir: values.outdir ? path.resolve(values.outdir) : undefined });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
