// electron-builder `msiProjectCreated` hook (electron-builder 26: called with the path of the
// generated project.wxs before WiX compiles it). Adds public MSI properties that write the
// machine policy, so an SCCM/Intune deployment running as SYSTEM needs no second step:
//   msiexec /i Posko-0.1.0.msi /qn SERVER_URL=https://posko.example.go.id/ UPDATE_MODE=none
// Each property writes one value under HKLM\Software\Policies\Posko (enforced policy, the same
// place the ADMX writes) only when it is given. The components are Permanent: a major upgrade
// run without the property (or an uninstall) leaves IT's policy in place, as Group Policy would;
// remove it with `reg delete`. The console validates these values like any policy and lists a
// bad one in its policy diagnostics. tests/unit/electron/installer-config.test.ts checks that
// every registry name here is a key of shared/platform/policy-schema.ts.
import { readFile, writeFile } from 'node:fs/promises';

/** MSI property -> registry value. The component GUIDs are fixed forever (MSI tracks them). */
export const MSI_POLICY_PROPERTIES = [
  { property: 'SERVER_URL', name: 'ServerUrl', type: 'string', guid: 'ae33aa74-0a29-4a12-9a15-cd705b11569b' },
  { property: 'OFFICE', name: 'Office', type: 'string', guid: '4c7fb937-a6a0-42f4-ab77-86a6b39ed377' },
  { property: 'LANGUAGE', name: 'Language', type: 'string', guid: '13584467-6566-46ae-972c-e8bfe76a1420' },
  {
    property: 'AUTO_LOCK_MINUTES',
    name: 'AutoLockMinutes',
    type: 'integer',
    guid: 'fd01017e-6502-4c25-951e-8365a2e37104',
  },
  {
    property: 'MAX_AUTO_LOCK_MINUTES',
    name: 'MaxAutoLockMinutes',
    type: 'integer',
    guid: '606833e1-c295-4bf8-8537-ede907fb7cb9',
  },
  {
    property: 'UPDATE_MODE',
    name: 'UpdateMode',
    type: 'string',
    guid: '026b7fc8-21bc-48fa-bd74-38f41ed374b3',
  },
  {
    property: 'UPDATE_CHANNEL',
    name: 'UpdateChannel',
    type: 'string',
    guid: '50bff736-faa7-4471-b6b2-dc8f9ec5d114',
  },
  {
    property: 'UPDATE_FEED_URL',
    name: 'UpdateFeedUrl',
    type: 'string',
    guid: '0c2e52e5-5bc7-457e-9817-42b4b4257c0c',
  },
];

const POLICY_KEY = 'Software\\Policies\\Posko';

function policyFragment() {
  const properties = MSI_POLICY_PROPERTIES.map((p) => `    <Property Id="${p.property}" Secure="yes"/>`);
  const components = MSI_POLICY_PROPERTIES.map((p) =>
    [
      `      <Component Id="PoskoPolicy_${p.name}" Guid="{${p.guid.toUpperCase()}}" Permanent="yes">`,
      `        <Condition><![CDATA[${p.property}]]></Condition>`,
      `        <RegistryValue Root="HKLM" Key="${POLICY_KEY}" Name="${p.name}" Type="${p.type}" Value="[${p.property}]" KeyPath="yes"/>`,
      '      </Component>',
    ].join('\n'),
  );
  return [
    '    <!-- Posko: machine policy from MSI properties (build/msi-project-created.mjs) -->',
    ...properties,
    '    <ComponentGroup Id="PoskoPolicyComponents" Directory="TARGETDIR">',
    ...components,
    '    </ComponentGroup>',
  ].join('\n');
}

/** The edit itself, on the project's text (exported for the test). */
export function addPolicyProperties(wxs) {
  const featureRef = '<ComponentGroupRef Id="ProductComponents"/>';
  if (!wxs.includes(featureRef) || !wxs.includes('</Product>')) {
    throw new Error('msiProjectCreated: project.wxs no longer has the expected shape; update the Posko hook');
  }
  if (wxs.includes('PoskoPolicyComponents')) return wxs;
  return wxs
    .replace(featureRef, `${featureRef}\n      <ComponentGroupRef Id="PoskoPolicyComponents"/>`)
    .replace('</Product>', `${policyFragment()}\n  </Product>`);
}

export async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, addPolicyProperties(await readFile(projectFile, 'utf8')));
}

export default msiProjectCreated;
