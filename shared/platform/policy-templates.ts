// Renders the IT-facing policy files from POLICY_KEYS (policy-schema.ts). Pure
// string functions: scripts/generate-policy-templates.mjs writes them under
// build/policy/ and, with --check, compares them with what is committed.
import { z } from 'zod';
import {
  POLICY_KEYS,
  POLICY_REGISTRY_PATH,
  POLICY_REGISTRY_RECOMMENDED_PATH,
  PolicyFile,
  type PolicyKeyDefinition,
  type PolicyWinType,
} from './policy-schema';

type Lang = 'en' | 'id';
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** Bump with every change of the policy set: Group Policy compares it with the ADML's. */
export const ADMX_REVISION = '1.1';

const keys: readonly PolicyKeyDefinition[] = POLICY_KEYS;

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const enumItemId = (def: PolicyKeyDefinition, value: string) => `${def.registryName}_${value}`;

function admxElements(def: PolicyKeyDefinition): string {
  const id = def.registryName;
  const win: PolicyWinType = def.win;
  switch (win.kind) {
    case 'text':
      return `<text id="${id}" valueName="${id}" required="true" maxLength="2048" />`;
    case 'multiText':
      return `<multiText id="${id}" valueName="${id}" required="true" maxStrings="20" />`;
    case 'decimal':
      return `<decimal id="${id}" valueName="${id}" required="true" minValue="${win.min}" maxValue="${win.max}" />`;
    case 'enum':
      return [
        `<enum id="${id}" valueName="${id}" required="true">`,
        ...win.values.map(
          (v) =>
            `          <item displayName="$(string.${enumItemId(def, v)})"><value><string>${escapeXml(v)}</string></value></item>`,
        ),
        '        </enum>',
      ].join('\n');
    case 'boolean':
      return '';
  }
}

function admxPolicy(def: PolicyKeyDefinition, recommended: boolean): string {
  const name = recommended ? `${def.registryName}_Recommended` : def.registryName;
  const key = recommended ? POLICY_REGISTRY_RECOMMENDED_PATH : POLICY_REGISTRY_PATH;
  const isBoolean = def.win.kind === 'boolean';
  const head =
    `    <policy name="${name}" class="Both" displayName="$(string.${def.registryName})"` +
    ` explainText="$(string.${def.registryName}_Explain)" key="${escapeXml(key)}"` +
    (isBoolean ? ` valueName="${def.registryName}"` : ` presentation="$(presentation.${def.registryName})"`) +
    '>';
  const body = [
    `      <parentCategory ref="${recommended ? 'Posko_Recommended' : 'Posko'}" />`,
    '      <supportedOn ref="SUPPORTED_Posko" />',
    isBoolean
      ? '      <enabledValue><decimal value="1" /></enabledValue>\n      <disabledValue><decimal value="0" /></disabledValue>'
      : `      <elements>\n        ${admxElements(def)}\n      </elements>`,
  ];
  return [head, ...body, '    </policy>'].join('\n');
}

/** Both hives (class="Both"): the shell reads HKLM and HKCU and lets the machine win. */
export function renderAdmx(): string {
  const policies = [
    ...keys.map((d) => admxPolicy(d, false)),
    ...keys.filter((d) => d.userChoice).map((d) => admxPolicy(d, true)),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from shared/platform/policy-schema.ts by scripts/generate-policy-templates.mjs. Do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${ADMX_REVISION}" schemaVersion="1.0" xmlns="${NS}">
  <policyNamespaces>
    <target prefix="posko" namespace="Posko.Policies.Posko" />
  </policyNamespaces>
  <resources minRequiredRevision="${ADMX_REVISION}" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_Posko" displayName="$(string.SUPPORTED_Posko)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="Posko" displayName="$(string.Posko)" />
    <category name="Posko_Recommended" displayName="$(string.Posko_Recommended)">
      <parentCategory ref="Posko" />
    </category>
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`;
}

const ADML_TEXT = {
  en: {
    displayName: 'Posko desktop console',
    description: 'Managed settings of the Posko desktop console.',
    Posko: 'Posko',
    Posko_Recommended: 'Posko: defaults the person may change (Recommended)',
    SUPPORTED_Posko: 'Posko 0.1 and later',
    enforcedNote:
      'Enforced: the setting is locked and shown as "set by your organization". Machine policy wins over user policy.',
    recommendedNote:
      'Recommended: a default the person may change in the settings screen. Enforced policy wins over it.',
  },
  id: {
    displayName: 'Konsol desktop Posko',
    description: 'Pengaturan terkelola untuk konsol desktop Posko.',
    Posko: 'Posko',
    Posko_Recommended: 'Posko: bawaan yang dapat diubah pengguna (Disarankan)',
    SUPPORTED_Posko: 'Posko 0.1 dan yang lebih baru',
    enforcedNote:
      'Ditetapkan: pengaturan terkunci dan ditampilkan sebagai "diatur oleh organisasi Anda". Kebijakan mesin mengalahkan kebijakan pengguna.',
    recommendedNote:
      'Disarankan: nilai bawaan yang dapat diubah pengguna di layar pengaturan. Kebijakan yang ditetapkan mengalahkannya.',
  },
} as const;

function admlPresentation(def: PolicyKeyDefinition, lang: Lang): string {
  const id = def.registryName;
  const label = escapeXml(def.label[lang]);
  switch (def.win.kind) {
    case 'text':
      return `      <presentation id="${id}"><textBox refId="${id}"><label>${label}</label></textBox></presentation>`;
    case 'multiText':
      return `      <presentation id="${id}"><multiTextBox refId="${id}">${label}</multiTextBox></presentation>`;
    case 'decimal':
      return `      <presentation id="${id}"><decimalTextBox refId="${id}" defaultValue="${String(def.defaultValue)}">${label}</decimalTextBox></presentation>`;
    case 'enum':
      return `      <presentation id="${id}"><dropdownList refId="${id}" noSort="true">${label}</dropdownList></presentation>`;
    case 'boolean':
      return '';
  }
}

export function renderAdml(lang: Lang): string {
  const text = ADML_TEXT[lang];
  const strings: Array<[string, string]> = [
    ['Posko', text.Posko],
    ['Posko_Recommended', text.Posko_Recommended],
    ['SUPPORTED_Posko', text.SUPPORTED_Posko],
  ];
  for (const def of keys) {
    strings.push([def.registryName, def.label[lang]]);
    const note = def.userChoice ? `${text.enforcedNote} ${text.recommendedNote}` : text.enforcedNote;
    strings.push([`${def.registryName}_Explain`, `${def.help[lang]}\n\n${note}\n\nJSON: ${def.key}`]);
    if (def.win.kind === 'enum') for (const v of def.win.values) strings.push([enumItemId(def, v), v]);
  }
  const presentations = keys.map((d) => admlPresentation(d, lang)).filter(Boolean);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from shared/platform/policy-schema.ts by scripts/generate-policy-templates.mjs. Do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="${ADMX_REVISION}" schemaVersion="1.0" xmlns="${NS}">
  <displayName>${escapeXml(text.displayName)}</displayName>
  <description>${escapeXml(text.description)}</description>
  <resources>
    <stringTable>
${strings.map(([id, value]) => `      <string id="${id}">${escapeXml(value)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** JSON Schema of the policy file, for editors and configuration tools. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(PolicyFile) as Record<string, unknown>;
  const out = {
    $id: 'https://posko.example.invalid/policy.schema.json',
    title: 'Posko desktop console policy',
    $comment:
      'Generated from shared/platform/policy-schema.ts. The console also requires server addresses to be https:// (http:// only on 127.0.0.1 or localhost) and update feeds to be https://.',
    ...schema,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** An example policy file: every user-choice key as a default, the rest enforced. */
export function renderExamplePolicy(): string {
  const defaults: Record<string, unknown> = {};
  const enforced: Record<string, unknown> = {};
  for (const def of keys) (def.userChoice ? defaults : enforced)[def.key] = def.example;
  // The example moves the server URL to enforced: IT almost always fixes it.
  enforced.serverUrl = defaults.serverUrl;
  delete defaults.serverUrl;
  const example = { defaults, enforced };
  PolicyFile.parse(example);
  return `${JSON.stringify(example, null, 2)}\n`;
}

function winTypeText(def: PolicyKeyDefinition): string {
  switch (def.win.kind) {
    case 'text':
      return 'string / `REG_SZ`';
    case 'multiText':
      return 'array of strings / `REG_MULTI_SZ`';
    case 'decimal':
      return `integer ${def.win.min}–${def.win.max} / \`REG_DWORD\``;
    case 'enum':
      return `${def.win.values.map((v) => `\`"${v}"\``).join(', ')} / \`REG_SZ\``;
    case 'boolean':
      return 'boolean / `REG_DWORD` 0 or 1';
  }
}

function defaultText(def: PolicyKeyDefinition): string {
  const v = def.defaultValue;
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(any)';
  if (v === '') return '(unset)';
  return `\`${String(v)}\``;
}

/** The table between the policy-table markers of docs/deployment.md (formatted by the script). */
export function renderDocsTable(): string {
  const rows = keys.map(
    (d) =>
      `| \`${d.key}\` | \`${d.registryName}\` | ${winTypeText(d)} | ${defaultText(d)} | ${d.userChoice ? 'default or enforced' : 'enforced'} | ${d.help.en.replace(/\|/g, '\\|')} |`,
  );
  return [
    '| key (JSON) | registry value | type | built-in | may be | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export const POLICY_TABLE_START =
  '<!-- policy-table:start (generated by scripts/generate-policy-templates.mjs) -->';
export const POLICY_TABLE_END = '<!-- policy-table:end -->';

/** Every generated file under build/policy/, by path relative to it. */
export function renderPolicyFiles(): Record<string, string> {
  const example = renderExamplePolicy();
  return {
    'windows/posko.admx': renderAdmx(),
    'windows/en-US/posko.adml': renderAdml('en'),
    'windows/id-ID/posko.adml': renderAdml('id'),
    'policy.schema.json': renderJsonSchema(),
    'linux/policy.json': example,
    'macos/policy.json': example,
  };
}
