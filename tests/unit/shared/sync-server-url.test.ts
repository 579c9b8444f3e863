import { describe, expect, it } from 'vitest';
import { SyncServerUrl } from '../../../shared/platform/server-url';
import { IPC } from '../../../shared/platform/ipc-contract';

describe('SyncServerUrl: https, or plain http on this machine only', () => {
  it.each([
    'https://posko.bp3mi-jakarta.example.go.id/',
    'https://10.0.0.5:8443',
    'http://127.0.0.1:4870',
    'http://localhost:4870/',
    'HTTP://LOCALHOST:4870/',
  ])('accepts %s', (url) => {
    expect(SyncServerUrl.safeParse(url).success).toBe(true);
  });

  it.each([
    'http://10.0.0.5:4870',
    // No CSP can allow an IPv6 literal (Chromium drops the source), so the rule refuses it too.
    'http://[::1]:4870',
    'http://posko.example.go.id/',
    'http://127.0.0.1.evil.example/',
    'http://localhost@evil.example/',
    'ftp://127.0.0.1/',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s with a clear message', (url) => {
    const result = SyncServerUrl.safeParse(url);
    expect(result.success).toBe(false);
  });

  it('names the rule when a settings change over IPC asks for plain http on the network', () => {
    const result = IPC['config:set'].request.safeParse([{ serverUrl: 'http://10.0.0.5:4870' }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/https/);
  });
});
