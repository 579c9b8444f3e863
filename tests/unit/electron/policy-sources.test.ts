import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import {
  FilePolicySource,
  RegistryPolicySource,
  checkPolicyOwnership,
  defaultPolicySource,
  parseRegQueryOutput,
} from '../../../electron/policy-sources';
import type { OwnershipStat } from '../../../electron/policy-sources';

const stat = (uid: number, mode: number, kind: 'file' | 'dir'): OwnershipStat => ({
  uid,
  mode,
  isFile: () => kind === 'file',
  isDirectory: () => kind === 'dir',
});

describe('policy file ownership check', () => {
  const dir = stat(0, 0o40755, 'dir');
  it('accepts a root-owned 0644 file in a root-owned 0755 folder', () => {
    expect(checkPolicyOwnership(stat(0, 0o100644, 'file'), dir)).toBeNull();
  });
  it.each([
    ['owned by a user', stat(1000, 0o100644, 'file'), dir, /not root/],
    ['group-writable', stat(0, 0o100664, 'file'), dir, /writable/],
    ['world-writable', stat(0, 0o100646, 'file'), dir, /writable/],
    ['not a regular file', stat(0, 0o40755, 'dir'), dir, /regular/],
    ['in a user-owned folder', stat(0, 0o100644, 'file'), stat(1000, 0o40755, 'dir'), /folder is owned/],
    ['in a world-writable folder', stat(0, 0o100644, 'file'), stat(0, 0o40777, 'dir'), /folder is writable/],
  ])('refuses a policy %s', (_name, file, folder, reason) => {
    expect(checkPolicyOwnership(file, folder)).toMatch(reason);
  });
});

describe('FilePolicySource', () => {
  let base: string;
  let policyDir: string;
  let file: string;
  const uid = process.getuid?.() ?? 0;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'posko-policy-'));
    policyDir = path.join(base, 'posko');
    mkdirSync(policyDir, { mode: 0o755 });
    chmodSync(policyDir, 0o755);
    file = path.join(policyDir, 'policy.json');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const write = (content: unknown, mode = 0o644) => {
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    chmodSync(file, mode);
  };

  it('returns null when no policy is deployed', async () => {
    await expect(new FilePolicySource(file, uid).read()).resolves.toBeNull();
  });

  it('reads a policy owned by the expected owner', async () => {
    write({ serverUrl: 'https://posko.example/', autoLockMinutes: 10 });
    await expect(new FilePolicySource(file, uid).read()).resolves.toEqual({
      layers: [
        {
          scope: 'enforced',
          where: file,
          values: { serverUrl: 'https://posko.example/', autoLockMinutes: 10 },
        },
      ],
      ignored: [],
    });
  });

  it('drops the retired officeCode key instead of ignoring the whole policy', async () => {
    write({ serverUrl: 'https://posko.example/', officeCode: 'JKT' });
    await expect(new FilePolicySource(file, uid).read()).resolves.toEqual({
      layers: [{ scope: 'enforced', where: file, values: { serverUrl: 'https://posko.example/' } }],
      ignored: [expect.objectContaining({ key: 'officeCode', reason: 'retired' })],
    });
    write({ serverUrl: 'https://posko.example/', officeCod: 'JKT' });
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
  });

  it('refuses a world-writable policy file', async () => {
    write({ serverUrl: 'https://evil.example/' }, 0o666);
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow(/writable/);
  });

  it('refuses a file not owned by the expected owner (root in production)', async () => {
    write({ serverUrl: 'https://evil.example/' });
    await expect(new FilePolicySource(file, uid + 1).read()).rejects.toThrow(/owned/);
  });

  it('refuses a symlink at the policy path', async () => {
    const real = path.join(policyDir, 'real.json');
    writeFileSync(real, JSON.stringify({ serverUrl: 'https://evil.example/' }));
    symlinkSync(real, file);
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
  });

  it('reads defaults and enforced sections; an IT-only key as a default is reported, not applied', async () => {
    write({
      defaults: { language: 'en', autoLockMinutes: 10, updateMode: 'none', officeCode: 'X' },
      enforced: { serverUrl: 'https://posko.example/', allowedServerUrls: ['https://posko.example/'] },
    });
    const read = await new FilePolicySource(file, uid).read();
    expect(read?.layers).toEqual([
      { scope: 'default', where: `${file} (defaults)`, values: { language: 'en', autoLockMinutes: 10 } },
      {
        scope: 'enforced',
        where: `${file} (enforced)`,
        values: { serverUrl: 'https://posko.example/', allowedServerUrls: ['https://posko.example/'] },
      },
    ]);
    expect(read?.ignored).toEqual([
      expect.objectContaining({ where: `${file} (defaults)`, key: 'officeCode', reason: 'retired' }),
      expect.objectContaining({ where: `${file} (defaults)`, key: 'updateMode', reason: 'enforced-only' }),
    ]);
    write({ defaults: { language: 'fr' } });
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
    write({ defaults: {}, extra: {} });
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
  });

  it('refuses unknown keys and invalid values', async () => {
    write({ serverUrl: 'https://posko.example/', allowNodeIntegration: true });
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
    write({ autoLockMinutes: 100000 });
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
    write('{ broken');
    await expect(new FilePolicySource(file, uid).read()).rejects.toThrow();
  });
});

// Captured from `reg query HKLM\SOFTWARE\Policies\Posko` on Windows 11.
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Posko',
  '    ServerUrl    REG_SZ    https://posko.bp3mi-jakarta.example/',
  '    OfficeCode    REG_SZ    JKT',
  '    Language    REG_SZ    id',
  '    AutoLockMinutes    REG_DWORD    0xa',
  '    AllowedServerUrls    REG_MULTI_SZ    https://posko.bp3mi-jakarta.example/\\0https://cadangan.example/',
  '    Some Other Value    REG_SZ    ignored',
  '',
].join('\r\n');

describe('Windows registry policy', () => {
  it('parses reg query output', () => {
    expect(parseRegQueryOutput(REG_OUTPUT)).toEqual({
      serverUrl: 'https://posko.bp3mi-jakarta.example/',
      language: 'id',
      autoLockMinutes: 10,
      allowedServerUrls: ['https://posko.bp3mi-jakarta.example/', 'https://cadangan.example/'],
    });
  });

  it('rejects wrong types and invalid values', () => {
    expect(() => parseRegQueryOutput('    AutoLockMinutes    REG_BINARY    0a00')).toThrow(
      /unsupported type/,
    );
    expect(() => parseRegQueryOutput('    ServerUrl    REG_SZ    not a url')).toThrow();
    expect(() => parseRegQueryOutput('    Language    REG_SZ    fr')).toThrow();
  });

  it('runs reg.exe by absolute path and treats missing keys as no policy', async () => {
    const exec = vi.fn(async () => ({
      stdout: '',
      stderr: 'ERROR: The system was unable to find the specified registry key or value.',
      exitCode: 1,
    }));
    await expect(new RegistryPolicySource(exec, 'C:\\Windows').read()).resolves.toBeNull();
    expect(exec.mock.calls.map((c) => c as unknown[])).toEqual([
      ['C:\\Windows\\System32\\reg.exe', ['query', 'HKCU\\Software\\Policies\\Posko\\Recommended']],
      ['C:\\Windows\\System32\\reg.exe', ['query', 'HKLM\\Software\\Policies\\Posko\\Recommended']],
      ['C:\\Windows\\System32\\reg.exe', ['query', 'HKCU\\Software\\Policies\\Posko']],
      ['C:\\Windows\\System32\\reg.exe', ['query', 'HKLM\\Software\\Policies\\Posko']],
    ]);
  });

  it('reads machine and user, enforced and recommended; a bad key is reported and the others still apply', async () => {
    const outputs: Record<string, { stdout: string; exitCode: number }> = {
      'HKCU\\Software\\Policies\\Posko\\Recommended': { stdout: '    Language    REG_SZ    en', exitCode: 0 },
      'HKLM\\Software\\Policies\\Posko\\Recommended': {
        stdout: '    UpdateMode    REG_SZ    none',
        exitCode: 0,
      },
      'HKCU\\Software\\Policies\\Posko': { stdout: '    Language    REG_SZ    fr', exitCode: 0 },
      'HKLM\\Software\\Policies\\Posko': { stdout: REG_OUTPUT, exitCode: 0 },
    };
    const exec = vi.fn(async (_file: string, args: string[]) => ({ ...outputs[args[1]!]!, stderr: '' }));
    const read = await new RegistryPolicySource(exec, 'C:\\Windows').read();
    expect(read?.layers.map((l) => [l.scope, l.where, Object.keys(l.values).sort()])).toEqual([
      ['default', 'HKCU\\Software\\Policies\\Posko\\Recommended', ['language']],
      ['default', 'HKLM\\Software\\Policies\\Posko\\Recommended', []],
      [
        'enforced',
        'HKLM\\Software\\Policies\\Posko',
        ['allowedServerUrls', 'autoLockMinutes', 'language', 'serverUrl'],
      ],
    ]);
    expect(read?.ignored).toEqual([
      expect.objectContaining({ key: 'updateMode', reason: 'enforced-only' }),
      expect.objectContaining({ where: 'HKCU\\Software\\Policies\\Posko', key: null, reason: 'invalid' }),
    ]);
  });

  it('reports other reg.exe errors for that key only', async () => {
    const broken = vi.fn(async () => ({ stdout: '', stderr: 'boom', exitCode: 5 }));
    const read = await new RegistryPolicySource(broken, 'C:\\Windows').read();
    expect(read?.layers).toEqual([]);
    expect(read?.ignored).toHaveLength(4);
    expect(read?.ignored[0]).toMatchObject({ reason: 'unreadable', detail: expect.stringContaining('boom') });
  });

  it('picks the right source per platform', () => {
    expect(defaultPolicySource('win32').describe()).toBe('HKLM\\Software\\Policies\\Posko');
    expect(defaultPolicySource('linux').describe()).toBe('/etc/posko/policy.json');
    expect(defaultPolicySource('darwin').describe()).toBe('/Library/Application Support/Posko/policy.json');
  });
});
