// build/electron-builder.yml against electron-builder's own configuration schema (the scheme.json
// of the installed app-builder-lib), and the Posko parts of the installers: the fixed MSI
// upgradeCode, the targets, the MSI policy properties (build/msi-project-created.mjs applied to
// electron-builder's real WiX template) and the deb/rpm after-install script.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { NSIS_UNINSTALLER } from '../../../electron/update-policy';
import { POLICY_KEYS } from '../../../shared/platform/policy-schema';

const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const config = parseYaml(readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
> & {
  productName: string;
  msi: { upgradeCode: string; perMachine: boolean };
  nsis: Record<string, unknown>;
  win: { target: Array<{ target: string }> };
  linux: { target: Array<{ target: string }> };
  deb: { afterInstall: string };
  rpm: { afterInstall: string };
  msiProjectCreated: string;
};

function builderValidator() {
  const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // electron-builder's schema uses a "typeof" keyword for hook functions.
  ajv.addKeyword({ keyword: 'typeof', validate: (type: string, data: unknown) => typeof data === type });
  return ajv.compile(scheme);
}

describe('electron-builder configuration', () => {
  const validate = builderValidator();

  it('is valid against app-builder-lib/scheme.json', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a wrong type and an unknown option are refused', () => {
    expect(validate({ ...config, nsis: { ...config.nsis, perMachine: 'yes' } })).toBe(false);
    expect(validate({ ...config, msi: { ...config.msi, upgradeGuid: 'x' } })).toBe(false);
  });

  it('keeps the MSI upgradeCode generated for the first release (never change it)', () => {
    expect(config.msi.upgradeCode).toBe('e2feab80-c723-46c8-89ab-9651709950a6');
    expect(config.msi.perMachine).toBe(true);
  });

  it('targets MSI and NSIS (per-machine and per-user), deb, rpm and AppImage', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'msi']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['deb', 'rpm', 'AppImage']);
    // One assisted NSIS installer that does both scopes (/allusers, /currentuser), per-machine by default.
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: true,
    });
    const assisted = readFileSync(
      require.resolve('app-builder-lib/templates/nsis/assistedInstaller.nsh'),
      'utf8',
    );
    expect(assisted).toContain('"/allusers"');
    expect(assisted).toContain('"/currentuser"');
  });

  it('NSIS leaves the uninstaller name update-policy.ts uses to tell NSIS from MSI', () => {
    const common = readFileSync(require.resolve('app-builder-lib/templates/nsis/common.nsh'), 'utf8');
    expect(common).toContain('!define UNINSTALL_FILENAME "Uninstall ${PRODUCT_FILENAME}.exe"');
    expect(NSIS_UNINSTALLER).toBe(`Uninstall ${config.productName}.exe`);
  });
});

interface MsiHook {
  addPolicyProperties(wxs: string): string;
  MSI_POLICY_PROPERTIES: Array<{ property: string; name: string; type: string; guid: string }>;
}

describe('MSI properties that write the machine policy', () => {
  let hook: MsiHook;
  beforeAll(async () => {
    hook = (await import(pathToFileURL(path.join(root, config.msiProjectCreated)).href)) as MsiHook;
  });
  const template = readFileSync(require.resolve('app-builder-lib/templates/msi/template.xml'), 'utf8');
  // electron-builder's template with its {{ }} directives and ${} values filled the simple way.
  const rendered = template
    .replace(/\{\{[\s\S]*?\}\}/g, '')
    .replace(/\$\{[^}]+\}/g, 'X')
    .replace('{{-dirs}}', '');

  it('names only registry values of the policy schema, with their types', () => {
    const byName = new Map<string, (typeof POLICY_KEYS)[number]>(POLICY_KEYS.map((d) => [d.registryName, d]));
    for (const p of hook.MSI_POLICY_PROPERTIES) {
      const def = byName.get(p.name);
      expect(def, p.name).toBeDefined();
      expect(p.type).toBe(def!.win.kind === 'decimal' ? 'integer' : 'string');
      expect(p.property).toMatch(/^[A-Z_]+$/); // public MSI properties are upper case
    }
    expect(new Set(hook.MSI_POLICY_PROPERTIES.map((p) => p.guid)).size).toBe(
      hook.MSI_POLICY_PROPERTIES.length,
    );
    expect(hook.MSI_POLICY_PROPERTIES.map((p) => p.property)).toContain('SERVER_URL');
  });

  it('adds a conditional, permanent HKLM policy component per property to electron-builder’s WiX project', () => {
    const out = hook.addPolicyProperties(rendered);
    expect(out).toContain(
      '<ComponentGroupRef Id="ProductComponents"/>\n      <ComponentGroupRef Id="PoskoPolicyComponents"/>',
    );
    expect(out).toContain(
      '<RegistryValue Root="HKLM" Key="Software\\Policies\\Posko" Name="ServerUrl" Type="string" Value="[SERVER_URL]" KeyPath="yes"/>',
    );
    expect(out).toContain('<Condition><![CDATA[SERVER_URL]]></Condition>');
    expect(out).toContain('<Property Id="SERVER_URL" Secure="yes"/>');
    expect(hook.addPolicyProperties(out)).toBe(out); // idempotent
    expect(() => hook.addPolicyProperties('<Wix/>')).toThrow(/expected shape/);
    if (spawnSync('sh', ['-c', 'command -v xmllint']).status !== 0) {
      if (process.env.CI === 'true') throw new Error('xmllint missing in CI');
      console.warn(
        'SKIPPED: xmllint not installed; the edited WiX project was not checked for well-formedness',
      );
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'posko-wxs-'));
    try {
      writeFileSync(path.join(dir, 'project.wxs'), out);
      expect(() =>
        execFileSync('xmllint', ['--noout', path.join(dir, 'project.wxs')], { stdio: 'pipe' }),
      ).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deb/rpm after-install', () => {
  const script = path.join(root, config.deb.afterInstall);
  it('creates a root-owned /etc/posko not writable by others, and is valid bash', () => {
    expect(config.rpm.afterInstall).toBe(config.deb.afterInstall);
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^install -d -m 0755 -o root -g root \/etc\/posko$/m);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
  });
});

describe('the shell bundle the installers package', () => {
  it('builds with electron-updater inlined: main.cjs requires nothing outside Node and Electron', () => {
    // scripts/build-electron.mjs fails when main or preload would need a node_modules at run time.
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const main = readFileSync(path.join(root, 'dist', 'electron', 'main.cjs'), 'utf8');
    expect(main).toContain('stagingPercentage'); // electron-updater's rollout check is in the bundle
  }, 60_000);
});
