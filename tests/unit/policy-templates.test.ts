// The IT policy files are generated from shared/platform/policy-schema.ts. This suite fails when a
// committed file drifts from the schema, when an ADMX/ADML is not well-formed XML (xmllint), or when
// a key of the schema is missing from any of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, PolicyFile } from '../../shared/platform/policy-schema';

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'scripts', 'generate-policy-templates.mjs');
const policyDir = path.join(root, 'build', 'policy');
const read = (rel: string) => readFileSync(path.join(policyDir, rel), 'utf8');

function runCheck(env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, '--check'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('generated policy files', () => {
  it('match the schema (regenerated in memory)', () => {
    const result = runCheck();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('--check fails and names the file when a generated file drifts', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'posko-policy-drift-'));
    try {
      for (const rel of ['build/policy', 'docs/deployment.md', 'package.json', '.prettierrc.json']) {
        mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
        cpSync(path.join(root, rel), path.join(copy, rel), { recursive: true });
      }
      const adml = path.join(copy, 'build/policy/windows/id-ID/posko.adml');
      writeFileSync(adml, readFileSync(adml, 'utf8').replace('Alamat server sinkronisasi', 'Alamat lama'));
      const result = runCheck({ POSKO_POLICY_ROOT: copy });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('build/policy/windows/id-ID/posko.adml');
      expect(result.stderr).not.toContain('posko.admx');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  const xmlFiles = ['windows/posko.admx', 'windows/en-US/posko.adml', 'windows/id-ID/posko.adml'];
  const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;
  if (!hasXmllint && process.env.CI !== 'true') {
    console.warn('SKIPPED: xmllint is not installed (apt-get install libxml2-utils); ADMX/ADML not checked');
  }
  // In CI (.ci/run installs libxml2-utils) a missing xmllint fails instead of skipping.
  it.skipIf(!hasXmllint && process.env.CI !== 'true').each(xmlFiles)(
    '%s is well-formed XML (xmllint)',
    (rel) => {
      expect(() =>
        execFileSync('xmllint', ['--noout', path.join(policyDir, rel)], { stdio: 'pipe' }),
      ).not.toThrow();
    },
  );

  it('xmllint itself rejects a broken file (the check can fail)', () => {
    if (!hasXmllint) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-xml-'));
    try {
      const broken = path.join(dir, 'broken.admx');
      writeFileSync(broken, read('windows/posko.admx').replace('</policies>', ''));
      expect(() => execFileSync('xmllint', ['--noout', broken], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(POLICY_KEYS.map((d) => [d.key, d] as const))(
    'key %s appears in every generated file',
    (_k, def) => {
      const admx = read('windows/posko.admx');
      expect(admx).toContain(`<policy name="${def.registryName}" class="Both"`);
      expect(admx).toContain(`valueName="${def.registryName}"`);
      if (def.userChoice) expect(admx).toContain(`<policy name="${def.registryName}_Recommended"`);
      else expect(admx).not.toContain(`<policy name="${def.registryName}_Recommended"`);
      for (const lang of ['en-US', 'id-ID']) {
        const adml = read(`windows/${lang}/posko.adml`);
        expect(adml).toContain(`<string id="${def.registryName}">`);
        expect(adml).toContain(`<string id="${def.registryName}_Explain">`);
        expect(adml).toContain(`<presentation id="${def.registryName}">`);
      }
      expect(read('policy.schema.json')).toContain(`"${def.key}"`);
      expect(read('linux/policy.json')).toContain(`"${def.key}"`);
      expect(read('macos/policy.json')).toContain(`"${def.key}"`);
      const docs = readFileSync(path.join(root, 'docs', 'deployment.md'), 'utf8');
      const table = docs.slice(docs.indexOf('policy-table:start'), docs.indexOf('policy-table:end'));
      expect(table).toContain(`| \`${def.key}\``);
    },
  );

  it('the ADMX writes machine and user policy under Software\\Policies\\Posko (and \\Recommended)', () => {
    const admx = read('windows/posko.admx');
    const keys = [...admx.matchAll(/ key="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(keys)).toEqual(
      new Set(['Software\\Policies\\Posko', 'Software\\Policies\\Posko\\Recommended']),
    );
    expect(admx).not.toMatch(/class="(Machine|User)"/);
  });

  it('the example policy files parse with the schema the console uses', () => {
    expect(PolicyFile.safeParse(JSON.parse(read('linux/policy.json'))).success).toBe(true);
    expect(PolicyFile.safeParse(JSON.parse(read('macos/policy.json'))).success).toBe(true);
  });
});
