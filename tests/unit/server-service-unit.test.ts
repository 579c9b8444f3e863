// build/server/posko-server.service: the systemd unit IT installs (issue 19). It runs the built
// server under its own user, hardened, with the data directory as the only writable path and its
// configuration from an environment file; systemd-analyze (where installed) finds nothing to say.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UNIT = readFileSync(path.join(ROOT, 'build/server/posko-server.service'), 'utf8');

/** Directive -> values, in order (a directive may repeat). */
function directives(unit: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    found.set(match[1], [...(found.get(match[1]) ?? []), match[2] ?? '']);
  }
  return found;
}

describe('the systemd unit of the sync server', () => {
  const d = directives(UNIT);

  it('runs the built server as its own user, hardened, writing only the data directory', () => {
    expect(d.get('ExecStart')?.[0]).toMatch(/^\/usr\/bin\/node .*\/dist\/server\/main\.js$/);
    expect(d.get('User')).toEqual(['posko']);
    expect(d.get('NoNewPrivileges')).toEqual(['yes']);
    expect(d.get('ProtectSystem')).toEqual(['strict']);
    expect(d.get('ProtectHome')).toEqual(['yes']);
    expect(d.get('ReadWritePaths')).toEqual(['/var/lib/posko']);
    expect(d.get('Environment')).toContain('POSKO_DATA_DIR=/var/lib/posko');
    expect(d.get('StateDirectory')).toEqual(['posko']);
    expect(d.get('CapabilityBoundingSet')).toEqual(['']);
    expect(d.get('EnvironmentFile')).toEqual(['/etc/posko/server.env']);
    expect(d.get('KillSignal')).toEqual(['SIGTERM']);
  });

  it('passes systemd-analyze verify without a warning (where systemd is installed)', () => {
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.error) return; // not a systemd machine: the directive checks above still ran
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-unit-'));
    try {
      // Paths that exist here, so verify checks the unit and not this machine's layout.
      const local = UNIT.replace('/usr/bin/node', process.execPath).replaceAll('/opt/posko', ROOT);
      const file = path.join(dir, 'posko-server.service');
      writeFileSync(file, local);
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stderr.trim()).toBe('');
      // It does look: a bad value is reported.
      writeFileSync(file, local.replace('ProtectSystem=strict', 'ProtectSystem=bogus'));
      expect(spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' }).stderr).toMatch(
        /protect system/i,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
