#!/usr/bin/env node
// CI: proves the built server runs on a production install. Builds dist/server,
// copies it with package.json and package-lock.json (nothing else: no sources,
// no dev tools) into a temporary directory, runs `npm ci --omit=dev` there,
// starts `node dist/server/main.js` on a fresh SQLite data directory with a
// first admin from the environment, and checks that /v1/health answers, that
// the admin can log in (a write: it runs on the SQLite writer thread, started
// from its built file) and that no write fell back to the request thread.
// Usage: node scripts/check-prod-server.mjs [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(path.join(tmpdir(), 'posko-prod-'));
let server;

function fail(message) {
  console.error(`check-prod-server: ${message}`);
  cleanup();
  process.exit(1);
}

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

function step(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status})`);
}

step(process.execPath, [path.join(root, 'scripts', 'build-server.mjs')], { cwd: root });

const app = path.join(work, 'app');
for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
  if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(app, file));
}
cpSync(path.join(root, 'dist', 'server'), path.join(app, 'dist', 'server'), { recursive: true });

step(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
  cwd: app,
  shell: process.platform === 'win32',
});
for (const devOnly of ['tsx', 'esbuild', 'vitest', 'eslint']) {
  if (existsSync(path.join(app, 'node_modules', devOnly)))
    fail(`${devOnly} is installed by npm ci --omit=dev: the check would not prove anything`);
}

const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;
const admin = { username: 'prodcheck', password: 'prod-check-password-1' };
let output = '';
server = spawn(process.execPath, ['dist/server/main.js'], {
  cwd: app,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    POSKO_HOST: '127.0.0.1',
    POSKO_PORT: String(port),
    POSKO_DATA_DIR: path.join(work, 'data'),
    POSKO_ADMIN_USERNAME: admin.username,
    POSKO_ADMIN_PASSWORD: admin.password,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (chunk) => (output += chunk));
server.stderr.on('data', (chunk) => (output += chunk));

async function health() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) fail(`the server exited (code ${server.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${base}/v1/health`);
      if (response.ok) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail(`no answer from ${base}/v1/health within 30 s:\n${output}`);
}

// Without a token health says only that the server is up; the version and database are for an admin.
const anonymous = await health();
if (anonymous?.ok !== true) fail(`unexpected /v1/health answer: ${JSON.stringify(anonymous)}`);
const login = await fetch(`${base}/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...admin, deviceId: 'prod-check' }),
});
if (login.status !== 200) fail(`login answered ${login.status}: ${await login.text()}`);
const { token } = await login.json();
const body = await (
  await fetch(`${base}/v1/health`, { headers: { authorization: `Bearer ${token}` } })
).json();
if (body?.ok !== true || body.db !== 'sqlite')
  fail(`unexpected /v1/health answer for the admin: ${JSON.stringify(body)}`);
// The checkpoint thread runs ~1 s after a commit: let it run once before stopping.
await new Promise((resolve) => setTimeout(resolve, 1500));
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
if (server.exitCode !== 0) fail(`the server did not stop cleanly (exit ${server.exitCode}):\n${output}`);
if (/fall back to the request thread|exited \(code/i.test(output))
  fail(`a SQLite worker thread did not start from its built file:\n${output}`);
console.log(
  `check-prod-server: npm ci --omit=dev + node dist/server/main.js answered /v1/health ` +
    `(version ${body.version}, schema ${body.schemaVersion}) and a login; stopped cleanly`,
);
cleanup();
