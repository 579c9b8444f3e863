// The update feed the Posko server serves from POSKO_UPDATES_DIR (server/routes/updates.ts): only
// valid latest*.yml and the artifacts they list; broken metadata refused in the error shape.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from '../../server/errors';
import { DB_KINDS, withServer } from '../server/helpers';
import { updatesDirFromEnv, updatesRoutes } from '../../server/routes/updates';

const SHA = 'a'.repeat(86) + '==';
const latest = (extra = '') => `version: 0.2.0
files:
  - url: Posko-Setup-0.2.0.exe
    sha512: ${SHA}
    size: 11
path: Posko-Setup-0.2.0.exe
sha512: ${SHA}
releaseDate: '2026-12-01T00:00:00.000Z'
${extra}`;

let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'posko-updates-'));
  mkdirSync(path.join(dir, 'stable'));
  mkdirSync(path.join(dir, 'beta'));
  writeFileSync(path.join(dir, 'stable', 'latest.yml'), latest('stagingPercentage: 25\n'));
  writeFileSync(path.join(dir, 'stable', 'Posko-Setup-0.2.0.exe'), 'MZ-installer');
  writeFileSync(path.join(dir, 'stable', 'Posko-Setup-0.2.0.exe.blockmap'), 'blockmap');
  writeFileSync(path.join(dir, 'stable', 'notes.txt'), 'not listed');
  writeFileSync(path.join(dir, 'stable', 'secret.env'), 'DATABASE_URL=postgres://x');
  symlinkSync('/etc/passwd', path.join(dir, 'stable', 'latest-linux.yml'));
  writeFileSync(path.join(dir, 'beta', 'latest.yml'), latest('stagingPercentage: 250\n'));
  writeFileSync(path.join(dir, 'beta', 'Posko-Setup-0.2.0.exe'), 'MZ-installer');
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  updatesRoutes(app, { dir });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('update feed', () => {
  it('serves a valid latest.yml (no-cache) and the installer and blockmap it lists', async () => {
    const meta = await get('/v1/updates/stable/latest.yml');
    expect(meta.statusCode).toBe(200);
    expect(meta.headers['cache-control']).toBe('no-cache');
    expect(meta.body).toContain('stagingPercentage: 25');
    const exe = await get('/v1/updates/stable/Posko-Setup-0.2.0.exe');
    expect(exe.statusCode).toBe(200);
    expect(exe.body).toBe('MZ-installer');
    expect(exe.headers['content-length']).toBe('12');
    expect((await get('/v1/updates/stable/Posko-Setup-0.2.0.exe.blockmap')).statusCode).toBe(200);
  });

  it.each([
    ['a file no metadata lists', '/v1/updates/stable/notes.txt'],
    ['a secret dropped in the folder', '/v1/updates/stable/secret.env'],
    ['metadata that is a symlink', '/v1/updates/stable/latest-linux.yml'],
    ['a channel that does not exist', '/v1/updates/pilot/latest.yml'],
  ])('404 for %s', async (_name, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it.each([
    ['a traversal in the channel', '/v1/updates/..%2Fstable/latest.yml'],
    ['a traversal in the file', '/v1/updates/stable/..%2F..%2Fetc%2Fpasswd'],
    ['an upper-case channel', '/v1/updates/Stable/latest.yml'],
  ])('400 for %s', async (_name, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toHaveProperty('error.code');
  });

  it('refuses invalid metadata (stagingPercentage 250) and serves none of its artifacts', async () => {
    const res = await get('/v1/updates/beta/latest.yml');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      error: { code: 'update_feed_invalid', message: expect.stringContaining('stagingPercentage') },
    });
    expect((await get('/v1/updates/beta/Posko-Setup-0.2.0.exe')).statusCode).toBe(404);
  });

  it('no POSKO_UPDATES_DIR: no feed at all', async () => {
    expect(updatesDirFromEnv({})).toBeNull();
    expect(updatesDirFromEnv({ POSKO_UPDATES_DIR: '/srv/posko-updates' })).toBe('/srv/posko-updates');
    const bare = Fastify();
    installErrorHandlers(bare);
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    updatesRoutes(bare, { dir: null });
    expect((await bare.inject({ method: 'GET', url: '/v1/updates/stable/latest.yml' })).statusCode).toBe(404);
    await bare.close();
  });
});

describe.each(DB_KINDS)('update feed in the real server (%s)', (kind) => {
  it('is registered and reads POSKO_UPDATES_DIR', async () => {
    const before = process.env.POSKO_UPDATES_DIR;
    process.env.POSKO_UPDATES_DIR = dir;
    const server = await withServer(kind);
    try {
      const res = await fetch(`${server.url}/v1/updates/stable/latest.yml`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('version: 0.2.0');
      const exe = await fetch(`${server.url}/v1/updates/stable/Posko-Setup-0.2.0.exe`);
      expect(await exe.text()).toBe('MZ-installer');
      expect((await fetch(`${server.url}/v1/updates/stable/secret.env`)).status).toBe(404);
    } finally {
      await server.close();
      if (before === undefined) delete process.env.POSKO_UPDATES_DIR;
      else process.env.POSKO_UPDATES_DIR = before;
    }
  });
});
