// The app:// scheme that serves the built renderer (dist/renderer). It is
// registered as standard + secure so the console gets the origin app://posko
// with IndexedDB, fetch and a working CSP, and it serves files under one root
// only: every request path is decoded, resolved and real-pathed, and anything
// that lands outside the root (../, encoded slashes, symlinks) is refused.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './constants';
import { extensionOf, mimeTypeFor } from './mime';

/** Must run before app 'ready': privileges cannot be granted later. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        allowServiceWorkers: false,
        corsEnabled: false,
      },
    },
  ]);
}

export interface AppHandlerOptions {
  /** Absolute path of dist/renderer. */
  root: string;
  csp: () => string;
}

export type AppRequestHandler = (request: Request) => Promise<Response>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Maps a request URL to a file path under root, or null when it must be refused. */
export function resolveRequestPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Backslashes and NUL never belong in a URL path; on Windows a backslash
  // is a separator and would let "..\\" slip past the URL parser.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join(path.sep);
  const resolved = path.resolve(root, relative);
  return isInside(path.resolve(root), resolved) ? resolved : null;
}

export function createAppRequestHandler({ root, csp }: AppHandlerOptions): AppRequestHandler {
  let realRoot: Promise<string> | null = null;
  const getRealRoot = () => (realRoot ??= fs.realpath(root));

  async function serve(filePath: string, method: string): Promise<Response | null> {
    let real: string;
    try {
      real = await fs.realpath(filePath);
    } catch {
      return null;
    }
    // A symlink inside dist/renderer must not lead out of it.
    if (!isInside(await getRealRoot(), real)) return plain(403, 'Forbidden');
    const stat = await fs.stat(real);
    if (!stat.isFile()) return null;
    const body = method === 'HEAD' ? null : new Uint8Array(await fs.readFile(real));
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(real),
        'Content-Length': String(stat.size),
        'Content-Security-Policy': csp(),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const filePath = resolveRequestPath(root, request.url);
    if (filePath === null) return plain(403, 'Forbidden');
    const found = await serve(filePath, request.method);
    if (found) return found;
    // Client-side routes (no file extension) fall back to the SPA entry so a
    // reload on a deep link still boots the console; missing assets stay 404.
    if (extensionOf(filePath) === '') {
      const index = await serve(path.join(root, 'index.html'), request.method);
      if (index) return index;
    }
    return plain(404, 'Not Found');
  };
}

/** Serves app:// from the given root; call after app 'ready'. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(options));
}
