// What `start:web` may serve from the console folder: the files the console build wrote, nothing
// else. The folder is listed once at start; only regular files whose path has no dot-segment are
// kept (no `.git/`, `.env`, `.vite/`), symlinks are never followed (a link could point anywhere on
// the disk), and a request must name a listed file exactly (no case variants, no directory
// listings). A file dropped into the folder later is not served either.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

const MAX_FILES = 10_000;

export interface ConsoleFiles {
  /** Whether `pathname` (URL path, with or without the leading slash) names a servable file. */
  allows(pathname: string): boolean;
  readonly size: number;
}

export function listConsoleFiles(root: string): ConsoleFiles {
  const files = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile()) files.add(rel);
      // symlinks, sockets, devices: never served
      if (files.size > MAX_FILES)
        throw new Error(`${root} holds over ${MAX_FILES} files: not a console build`);
    }
  };
  walk(root, '');
  if (!files.has('/index.html')) {
    throw new Error(
      `POSKO_CONSOLE_DIR ${root} has no index.html: point it at the built console (dist/renderer)`,
    );
  }
  return {
    size: files.size,
    allows(pathname) {
      const rel = pathname === '/' || pathname === '' ? '/index.html' : `/${pathname.replace(/^\/+/, '')}`;
      if (!files.has(rel)) return false;
      // Replaced by a link or a directory since start: refused too.
      try {
        return lstatSync(path.join(root, ...rel.split('/'))).isFile();
      } catch {
        return false;
      }
    },
  };
}
