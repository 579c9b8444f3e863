#!/usr/bin/env node
// `npm start` (desktop) and `npm run start:web` (browser): build the console,
// start the local sync server on SQLite (nothing to install), then either
// launch Electron pointed at it or print the URL to open in a browser.
// Usage: node scripts/start.mjs [desktop|web]
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'desktop';
if (mode !== 'desktop' && mode !== 'web') {
  console.error(`Unknown mode "${mode}": use "desktop" or "web".`);
  process.exit(2);
}

const host = process.env.POSKO_HOST ?? '127.0.0.1';
const port = process.env.POSKO_PORT ?? '4870';
const dataDir = resolve(ROOT, process.env.POSKO_DATA_DIR ?? 'data');
const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host;
const serverUrl = `http://${urlHost}:${port}`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const children = new Set();

function run(script) {
  const result = spawnSync(npm, ['run', '--silent', script], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`\`npm run ${script}\` failed; see the output above.`);
    process.exit(result.status ?? 1);
  }
}

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopAll(code) {
  for (const child of children) child.kill('SIGINT');
  const deadline = Date.now() + 10_000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children) child.kill('SIGKILL');
  process.exit(code);
}

// Ctrl+C reaches this process first: pass it on so the server closes its database cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll(130));

async function waitForHealth(server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) return false;
    try {
      const response = await fetch(`${serverUrl}/v1/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function startSyncServer() {
  const firstStart = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logPath = join(dataDir, 'server.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  const env = { ...process.env, POSKO_HOST: host, POSKO_PORT: port, POSKO_DATA_DIR: dataDir };
  // The browser console is served by the server itself (same origin as the API); Electron uses app:// instead.
  if (mode === 'web') env.POSKO_CONSOLE_DIR = join(ROOT, 'dist', 'renderer');
  // The built server (dist/server), built first when missing or older than its sources.
  const args = [join(ROOT, 'scripts', 'run-server.mjs'), 'main'];
  const server = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  server.on('exit', (code) => {
    if (code !== 0 && code !== null)
      console.error(`The sync server stopped (exit ${code}); its log: ${logPath}`);
  });
  if (firstStart && !(process.env.POSKO_ADMIN_USERNAME && process.env.POSKO_ADMIN_PASSWORD)) {
    console.log(
      'No admin account yet: restart with POSKO_ADMIN_USERNAME and POSKO_ADMIN_PASSWORD set, or run ' +
        '`POSKO_PASSWORD=... npm run admin -- create-user --username <name> --display-name <name> --role admin`.',
    );
  }
  return { server, logPath };
}

function electronBinary() {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function ensureElectron() {
  const found = electronBinary();
  if (found) return found;
  const installer = join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  // One attempt to download the binary; its own output is noise next to the one line below.
  spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  return electronBinary();
}

async function main() {
  run('build:renderer');
  const { server, logPath } = startSyncServer();
  if (!(await waitForHealth(server))) {
    console.error(`The sync server did not start on ${serverUrl}; its log: ${logPath}`);
    await stopAll(1);
    return;
  }

  if (mode === 'web') {
    console.log(`Posko console: ${serverUrl}/  (server log: ${logPath}; Ctrl+C to stop)`);
    server.on('exit', (code) => void stopAll(code ?? 0));
    return;
  }

  const electron = ensureElectron();
  if (!electron) {
    console.error(
      'Electron binary unavailable on this machine; run `npm run start:web` to use the console in a browser.',
    );
    await stopAll(1);
    return;
  }
  run('build:electron');
  const app = track(
    spawn(electron, ['.'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, POSKO_SERVER_URL: serverUrl },
    }),
  );
  app.on('exit', (code) => void stopAll(code ?? 0));
  server.on('exit', () => {
    if (app.exitCode === null)
      console.error(`The sync server stopped; the app keeps working offline. Log: ${logPath}`);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});
