// The built server (scripts/build-server.mjs) runs as plain JavaScript: no tsx
// loader in the process, the SQLite writer and checkpoint threads started from
// their own built files (a missing or broken one would log "fall back to the
// request thread"). CI also runs it on a production install
// (scripts/check-prod-server.mjs); this is the quick form inside `npm test`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadEntry } from '../../server/storage/thread-entry';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createDatabase } from '../load/server-process';
import { DB_KINDS } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside node_modules, so the bundle's package imports resolve from the project's node_modules.
const OUT = path.join(ROOT, 'node_modules', '.cache', `posko-server-build-${process.pid}`);

interface BuildScript {
  buildServer(options: { outdir: string; quiet: boolean }): Promise<unknown>;
  SERVER_ENTRIES: string[];
}

beforeAll(async () => {
  // @ts-expect-error: a plain .mjs script without type declarations
  const script = (await import('../../scripts/build-server.mjs')) as BuildScript;
  await script.buildServer({ outdir: OUT, quiet: true });
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the server build', () => {
  it('writes every entry, the worker threads beside the server, as ES modules', () => {
    for (const file of [
      'main.js',
      'admin-cli.js',
      'sqlite-writer-thread.js',
      'sqlite-checkpointer-thread.js',
    ])
      expect(existsSync(path.join(OUT, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(OUT, 'package.json'), 'utf8'))).toMatchObject({
      type: 'module',
    });
    // Built, a thread is its sibling .js file; from source, the .ts file through tsx.
    expect(threadEntry('sqlite-writer-thread', `file://${OUT}/main.js`)).toEqual({
      entry: new URL(`file://${OUT}/sqlite-writer-thread.js`),
      eval: false,
    });
    const source = threadEntry('sqlite-writer-thread', `file://${ROOT}/server/storage/sqlite-writer.ts`);
    expect(source.eval).toBe(true);
    expect(source.entry).toContain(path.join(ROOT, 'server/storage/sqlite-writer-thread.ts'));
  });

  it('carries no thread code in a string (the threads are modules of their own)', () => {
    const main = readFileSync(path.join(OUT, 'main.js'), 'utf8');
    // What the eval'd thread sources began with; the built threads import it instead.
    expect(main).not.toContain("require('node:worker_threads')");
    expect(readFileSync(path.join(OUT, 'sqlite-writer-thread.js'), 'utf8')).toMatch(
      /from ["']node:worker_threads["']/,
    );
  });
});

describe.each(DB_KINDS)('the built server on %s', (kind) => {
  it('starts with plain node, answers /v1/health, logs in (a write), stops cleanly', async () => {
    const db = await createDatabase(kind);
    let output = '';
    const child = spawn(process.execPath, [path.join(OUT, 'main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...db.env,
        POSKO_HOST: '127.0.0.1',
        POSKO_PORT: '0',
        POSKO_ADMIN_USERNAME: ADMIN_USERNAME,
        POSKO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
      });
      const health = await fetch(`${url}/v1/health`);
      expect(health.status).toBe(200);
      const login = await fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD, deviceId: 'build-test' }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      // Long enough for the checkpoint thread's first run after the login's commit (~1 s).
      if (kind === 'sqlite') await new Promise((resolve) => setTimeout(resolve, 1300));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/fall back to the request thread/);
      expect(output).not.toMatch(/tsx/);
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });
});
