import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { buildCsp } from '../../../electron/csp';
import { createOpenExternal, isSafeExternalUrl } from '../../../electron/external-links';
import { hardenSession, hardenWebContents, withSecurityHeaders } from '../../../electron/security';
import { FakeWebContents, fakeEvent, fakeSession } from './fakes';

function hardened(appOrigins: string[] = ['app://posko']) {
  const contents = new FakeWebContents();
  const shell = { openExternal: vi.fn(async () => {}) };
  hardenWebContents(contents.asWebContents(), { openExternal: createOpenExternal(shell), appOrigins });
  return { contents, shell };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('webContents hardening', () => {
  it('denies navigation away from the console, and every redirect', () => {
    const { contents } = hardened();
    const urls = [
      'https://example.org/',
      'app://evil/index.html',
      'file:///etc/passwd',
      'data:text/html,x',
      'javascript:1',
    ];
    for (const url of urls) {
      const event = fakeEvent();
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalledOnce();
      const redirect = fakeEvent();
      contents.emit('will-redirect', redirect, url);
      expect(redirect.preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('lets the console reload within its own origin only', () => {
    const { contents } = hardened();
    const reload = fakeEvent();
    contents.emit('will-navigate', reload, 'app://posko/index.html');
    expect(reload.preventDefault).not.toHaveBeenCalled();
    // A page that is not the console (e.g. about:blank) may not navigate into it.
    contents.currentUrl = 'about:blank';
    const fromElsewhere = fakeEvent();
    contents.emit('will-navigate', fromElsewhere, 'app://posko/index.html');
    expect(fromElsewhere.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every navigation when no console origin is given', () => {
    const { contents } = hardened([]);
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'app://posko/index.html');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('prevents <webview> from attaching', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies window.open and routes an https link to openExternal', async () => {
    const { contents, shell } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://bp2mi.go.id/layanan' })).toEqual({ action: 'deny' });
    await flush();
    expect(shell.openExternal).toHaveBeenCalledWith('https://bp2mi.go.id/layanan');
  });

  it.each([
    'http://example.org/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'smb://host/share',
    'app://posko/x',
    'not a url',
  ])('denies window.open of %s without opening anything', async (url) => {
    const { contents, shell } = hardened();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    await flush();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('external links', () => {
  it('accepts only https URLs without credentials', () => {
    expect(isSafeExternalUrl('https://example.org/a?b=c')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.org/')).toBe(false);
    expect(isSafeExternalUrl('HTTP://example.org/')).toBe(false);
    expect(isSafeExternalUrl('data:text/html,hi')).toBe(false);
    expect(isSafeExternalUrl(42)).toBe(false);
    expect(isSafeExternalUrl(`https://example.org/${'a'.repeat(3000)}`)).toBe(false);
  });

  it('reports refusal instead of calling the OS', async () => {
    const shell = { openExternal: vi.fn(async () => {}) };
    const open = createOpenExternal(shell);
    await expect(open('javascript:alert(1)')).resolves.toBe(false);
    await expect(open('https://example.org')).resolves.toBe(true);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('session hardening', () => {
  const csp = buildCsp({ serverOrigin: 'https://sync.posko.example' });

  it('denies every permission request, check and device request', () => {
    const { state, session } = fakeSession();
    hardenSession(session, { csp: () => csp });
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
    ]) {
      const callback = vi.fn();
      state.requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(state.checkHandler?.({}, permission, 'app://posko', {})).toBe(false);
    }
    expect(state.deviceHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('injects the CSP into responses, replacing one the response brought', () => {
    const { state, session } = fakeSession();
    hardenSession(session, { csp: () => csp });
    const callback = vi.fn();
    state.headersListener?.(
      {
        url: 'app://posko/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      },
      callback,
    );
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([csp]);
    expect(headers).not.toHaveProperty('content-security-policy');
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
  });

  it('sets a CSP even when the response had no headers', () => {
    expect(withSecurityHeaders(undefined, 'x')['Content-Security-Policy']).toEqual(['x']);
  });
});

describe('CSP', () => {
  it('is strict: own scripts only, the sync server for connections, no framing or inline script', () => {
    const policy = buildCsp({ serverOrigin: 'https://sync.posko.example' });
    const directives = Object.fromEntries(
      policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'https://sync.posko.example']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy).not.toContain('unsafe-eval');
  });

  it('relaxes only for an explicit dev server', () => {
    const policy = buildCsp({ serverOrigin: null, devServerOrigin: 'http://127.0.0.1:5173' });
    expect(policy).toContain("script-src 'self' http://127.0.0.1:5173 'unsafe-inline'");
    expect(policy).toContain('ws://127.0.0.1:5173');
    expect(policy).not.toContain('unsafe-eval');
  });
});
