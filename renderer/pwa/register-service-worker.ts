// Registers the browser console's service worker (built by vite-plugin-pwa, see vite.config.ts),
// so a console served by `start:web` opens with no network after one online visit. The data is
// already on the device (IndexedDB); the worker only keeps the built files.
//
// Never inside the desktop app: Electron serves the same files from app:// itself, and a worker
// there would be a second, stale copy of the console beside the installed one.
import { Workbox } from 'workbox-window';
import { isDesktopPage, type PageIdentity } from '../platform/get-platform';

export interface WorkerHost extends PageIdentity {
  /** Whether the browser offers service workers at all (a secure context: https or localhost). */
  hasServiceWorker: boolean;
  /** A production build: the dev server has no sw.js. */
  production: boolean;
}

/** Whether this page should register the service worker. */
export function shouldRegisterServiceWorker(host: WorkerHost): boolean {
  return host.production && host.hasServiceWorker && !isDesktopPage(host);
}

/**
 * Registers `sw.js` beside index.html (the console's base is relative, so the same build works
 * under any path). An update is never applied mid-session: the new worker installs and waits,
 * and takes over once every console tab has closed (the next start). The console never asks a
 * waiting worker to skip waiting.
 */
export async function registerServiceWorker(): Promise<void> {
  const host: WorkerHost = {
    protocol: window.location.protocol,
    userAgent: window.navigator.userAgent,
    hasServiceWorker: 'serviceWorker' in navigator,
    production: import.meta.env.PROD,
  };
  if (!shouldRegisterServiceWorker(host)) return;
  const url = new URL('sw.js', document.baseURI);
  const workbox = new Workbox(url.href, { scope: new URL('./', url).pathname });
  workbox.addEventListener('waiting', () => {
    console.info('A new console version is ready; it opens the next time Posko is started.');
  });
  try {
    await workbox.register();
  } catch (error) {
    // The console works online without it; only the offline reload is lost.
    console.warn('service worker not registered', error);
  }
}
