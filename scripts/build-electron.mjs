// Bundles the Electron main process and the preload with esbuild.
//   dist/electron/main.cjs     main process (Node + electron), zod etc. inlined
//   dist/electron/preload.cjs  sandboxed preload: one self-contained file that
//                              may require nothing but 'electron'
//   dist/package.json          manifest of the packaged app (no dependencies)
// The preload check below fails the build if a dependency would make the
// sandboxed preload crash at load time.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
const production = process.env.NODE_ENV === 'production';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 ships Node 22.
  target: 'node22',
  external: ['electron'],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

// Optional requires of bundled dependencies, each inside a try/catch there: left out on purpose
// (electron-updater -> builder-util-runtime -> debug tries supports-color for colored logs).
const OPTIONAL_REQUIRES = ['supports-color'];

const [main, preload] = await Promise.all([
  build({
    ...common,
    external: [...common.external, ...OPTIONAL_REQUIRES],
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outdir, 'main.cjs'),
  }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: path.join(outdir, 'preload.cjs') }),
]);

function externalImports(result) {
  return Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((imp) => imp.external).map((imp) => imp.path),
  );
}

const preloadImports = [...new Set(externalImports(preload))];
const forbidden = preloadImports.filter((name) => name !== 'electron');
if (forbidden.length > 0) {
  console.error(`preload must require only 'electron' (sandbox), but requires: ${forbidden.join(', ')}`);
  process.exit(1);
}
const mainExternals = [...new Set(externalImports(main))].filter(
  (name) => name !== 'electron' && !name.startsWith('node:'),
);
const builtins = new Set((await import('node:module')).builtinModules);
const unexpected = mainExternals.filter((name) => !builtins.has(name) && !OPTIONAL_REQUIRES.includes(name));
if (unexpected.length > 0) {
  console.error(
    `main must bundle its dependencies (no node_modules ship), but requires: ${unexpected.join(', ')}`,
  );
  process.exit(1);
}

// dist/ is the packaged app (build/electron-builder.yml, directories.app).
// Its package.json declares no dependencies, so no node_modules are shipped.
const rootPackage = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const appPackage = {
  name: rootPackage.name,
  productName: 'Posko',
  version: rootPackage.version,
  description: rootPackage.description,
  author: { name: 'Posko' },
  license: rootPackage.license ?? 'UNLICENSED',
  private: true,
  main: 'electron/main.cjs',
};
await writeFile(path.join(root, 'dist', 'package.json'), `${JSON.stringify(appPackage, null, 2)}\n`);

const size = (result) =>
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.cjs'))
    .map(
      ([file, output]) =>
        `${path.relative(root, path.resolve(root, file))} ${(output.bytes / 1024).toFixed(1)} kB`,
    );
console.log(`built ${[...size(main), ...size(preload)].join(', ')}`);
