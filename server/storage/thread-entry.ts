// How a storage module starts a worker thread from a module of its own, built or from source.
// Built (dist/server), the caller is part of a bundle and each thread's own bundle sits beside it
// (scripts/build-server.mjs). From source (tsx, vitest) it is the .ts file beside the caller,
// loaded through tsx's require hook: tsx is a dev dependency, present wherever sources run, and a
// worker given `--import tsx` still refuses .ts files on Node 20. One rule for both: the thread's
// module is a sibling file with the caller's own extension.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface ThreadEntry {
  /** The Worker's first argument. */
  entry: URL | string;
  /** Whether `entry` is code (the Worker's `eval` option). */
  eval: boolean;
}

/** The worker entry of thread module `name` (no extension), beside the module at `from` (its import.meta.url). */
export function threadEntry(name: string, from: string): ThreadEntry {
  if (!from.endsWith('.ts')) return { entry: new URL(`./${name}.js`, from), eval: false };
  const source = fileURLToPath(new URL(`./${name}.ts`, from));
  const tsx = createRequire(from).resolve('tsx/cjs/api');
  return {
    entry: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`,
    eval: true,
  };
}
