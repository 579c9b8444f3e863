// The browser console registers its service worker; the desktop app (app:// or Electron's user
// agent) and the dev server (no sw.js) never do.
import { describe, expect, it } from 'vitest';
import { shouldRegisterServiceWorker } from '../../../renderer/pwa/register-service-worker';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const ELECTRON = `${CHROME.replace(' Safari', ' Electron/45.5.0 Safari')}`;

describe('shouldRegisterServiceWorker', () => {
  const browser = { protocol: 'http:', userAgent: CHROME, hasServiceWorker: true, production: true };

  it('registers in a browser tab of a production build', () => {
    expect(shouldRegisterServiceWorker(browser)).toBe(true);
    expect(shouldRegisterServiceWorker({ ...browser, protocol: 'https:' })).toBe(true);
  });

  it.each([
    ['the packaged desktop app (app://)', { protocol: 'app:' }],
    ["Electron's user agent (dev server inside the shell)", { userAgent: ELECTRON }],
    ['the dev server (no sw.js)', { production: false }],
    ['a browser without service workers (not a secure context)', { hasServiceWorker: false }],
  ])('does not register in %s', (_label, change) => {
    expect(shouldRegisterServiceWorker({ ...browser, ...change })).toBe(false);
  });
});
