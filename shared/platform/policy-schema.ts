// The managed settings of the desktop console, defined once. Everything IT
// sees is generated from this list (scripts/generate-policy-templates.mjs):
// the ADMX/ADML Group Policy templates, the JSON Schema and examples of the
// policy file, the macOS profile, and the table in docs/deployment.md. The
// shell parses every policy layer with the zod schemas built here, so a
// template cannot offer what the console would refuse.
import { z } from 'zod';
import { AutoLockMinutes, Language, LANGUAGES } from './bridge';
import { SyncServerUrl } from './server-url';

/** How a value is stored in the Windows registry and edited in the Group Policy editor. */
export type PolicyWinType =
  | { kind: 'text' }
  | { kind: 'multiText' }
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' };

export interface PolicyKeyDefinition {
  /** JSON name (policy file, diagnostics). */
  key: string;
  /** Registry value name under Software\Policies\Posko (and ...\Recommended). */
  registryName: string;
  win: PolicyWinType;
  schema: z.ZodType;
  /** The built-in value when no layer sets the key. */
  defaultValue: string | number | boolean | readonly string[];
  /**
   * `true`: the person can choose it in the settings screen, so a policy may only suggest it
   * (a default, "Recommended" in Group Policy) or fix it (enforced). `false`: IT-only (no UI
   * offers it), so only an enforced value means anything.
   */
  userChoice: boolean;
  example: string | number | boolean | readonly string[];
  label: { en: string; id: string };
  help: { en: string; id: string };
}

export const UPDATE_MODES = ['default', 'manual', 'none'] as const;
export const UpdateMode = z.enum(UPDATE_MODES);
export type UpdateMode = z.infer<typeof UpdateMode>;

/** A channel is a folder name on the feed (stable, beta, pilot-jakarta...). */
export const UpdateChannel = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a channel is 1-32 lowercase letters, digits or "-"');

/** The agency's own update feed: https only (an update is code that will run as the user). */
export const UpdateFeedUrl = z.url({ protocol: /^https$/ });

export const POLICY_KEYS = [
  {
    key: 'serverUrl',
    registryName: 'ServerUrl',
    win: { kind: 'text' },
    schema: SyncServerUrl,
    defaultValue: 'http://127.0.0.1:4870',
    userChoice: true,
    example: 'https://posko.bp3mi-jakarta.example.go.id/',
    label: { en: 'Sync server address', id: 'Alamat server sinkronisasi' },
    help: {
      en: 'https:// address of the Posko sync server (plain http:// only on 127.0.0.1 or localhost).',
      id: 'Alamat https:// server sinkronisasi Posko (http:// biasa hanya untuk 127.0.0.1 atau localhost).',
    },
  },
  {
    key: 'allowedServerUrls',
    registryName: 'AllowedServerUrls',
    win: { kind: 'multiText' },
    schema: z.array(SyncServerUrl).min(1).max(20),
    defaultValue: [],
    userChoice: false,
    example: ['https://posko.bp3mi-jakarta.example.go.id/', 'https://posko-cadangan.example.go.id/'],
    label: { en: 'Allowed sync servers', id: 'Server sinkronisasi yang diizinkan' },
    help: {
      en: 'When set, the console connects only to one of these addresses; any other address (chosen by the person, the environment or a default) is ignored.',
      id: 'Bila diisi, konsol hanya terhubung ke salah satu alamat ini; alamat lain (pilihan pengguna, lingkungan, atau bawaan) diabaikan.',
    },
  },
  {
    key: 'office',
    registryName: 'Office',
    win: { kind: 'text' },
    schema: z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an office code is 2-16 capital letters, digits or "-"'),
    defaultValue: '',
    userChoice: false,
    example: 'JKT',
    label: { en: 'Office of this computer', id: 'Kantor komputer ini' },
    help: {
      en: 'Office code of the desk this computer stands at, shown in the settings screen for support staff. Which cases a person sees still follows their account.',
      id: 'Kode kantor tempat komputer ini berada, ditampilkan di layar pengaturan untuk staf dukungan. Kasus yang terlihat tetap mengikuti akun pengguna.',
    },
  },
  {
    key: 'language',
    registryName: 'Language',
    win: { kind: 'enum', values: LANGUAGES },
    schema: Language,
    defaultValue: 'id',
    userChoice: true,
    example: 'id',
    label: { en: 'Language', id: 'Bahasa' },
    help: {
      en: 'Console language: "id" (Bahasa Indonesia) or "en" (English).',
      id: 'Bahasa konsol: "id" (Bahasa Indonesia) atau "en" (English).',
    },
  },
  {
    key: 'autoLockMinutes',
    registryName: 'AutoLockMinutes',
    win: { kind: 'decimal', min: 1, max: 240 },
    schema: AutoLockMinutes,
    defaultValue: 15,
    userChoice: true,
    example: 15,
    label: { en: 'Lock after inactivity (minutes)', id: 'Kunci setelah tidak aktif (menit)' },
    help: {
      en: 'Minutes without keyboard or mouse input before the console locks (1-240; a person may choose up to 60).',
      id: 'Menit tanpa masukan keyboard atau mouse sebelum konsol terkunci (1-240; pengguna dapat memilih sampai 60).',
    },
  },
  {
    key: 'maxAutoLockMinutes',
    registryName: 'MaxAutoLockMinutes',
    win: { kind: 'decimal', min: 1, max: 240 },
    schema: AutoLockMinutes,
    // Built-in: no limit beyond the schema's 240 (a person may choose up to 60 anyway).
    defaultValue: 240,
    userChoice: false,
    example: 30,
    label: { en: 'Longest auto-lock a person may choose', id: 'Batas terlama kunci otomatis' },
    help: {
      en: 'Upper bound for the auto-lock time; a longer value from any source is ignored.',
      id: 'Batas atas waktu kunci otomatis; nilai yang lebih lama dari sumber mana pun diabaikan.',
    },
  },
  {
    key: 'updateMode',
    registryName: 'UpdateMode',
    win: { kind: 'enum', values: UPDATE_MODES },
    schema: UpdateMode,
    defaultValue: 'default',
    userChoice: false,
    example: 'manual',
    label: { en: 'Update mode', id: 'Mode pembaruan' },
    help: {
      en: '"default": download updates and install them on quit; "manual": the person checks, downloads and installs from the settings screen; "none": never update (IT deploys new versions). MSI installs never update themselves; per-machine installs update only when this policy is set.',
      id: '"default": unduh pembaruan dan pasang saat keluar; "manual": pengguna memeriksa, mengunduh dan memasang dari layar pengaturan; "none": tidak pernah memperbarui (TI memasang versi baru). Instalasi MSI tidak pernah memperbarui diri; instalasi per-mesin hanya memperbarui bila kebijakan ini diatur.',
    },
  },
  {
    key: 'updateChannel',
    registryName: 'UpdateChannel',
    win: { kind: 'text' },
    schema: UpdateChannel,
    defaultValue: 'stable',
    userChoice: false,
    example: 'stable',
    label: { en: 'Update channel', id: 'Kanal pembaruan' },
    help: {
      en: 'Folder of the update feed to follow, e.g. "stable" or "pilot".',
      id: 'Folder feed pembaruan yang diikuti, misalnya "stable" atau "pilot".',
    },
  },
  {
    key: 'updateFeedUrl',
    registryName: 'UpdateFeedUrl',
    win: { kind: 'text' },
    schema: UpdateFeedUrl,
    defaultValue: '',
    userChoice: false,
    example: 'https://posko.bp3mi-jakarta.example.go.id/v1/updates',
    label: { en: 'Update feed address', id: 'Alamat feed pembaruan' },
    help: {
      en: 'https:// base address of the update feed (the channel is appended). Unset: <sync server>/v1/updates.',
      id: 'Alamat dasar https:// feed pembaruan (kanal ditambahkan di belakangnya). Kosong: <server sinkronisasi>/v1/updates.',
    },
  },
] as const satisfies readonly PolicyKeyDefinition[];

export type PolicyKey = (typeof POLICY_KEYS)[number]['key'];
export const POLICY_KEY_NAMES = POLICY_KEYS.map((d) => d.key) as PolicyKey[];

/** One layer of policy (defaults or enforced): any subset of the keys, nothing else. */
export const PolicyLayer = z
  .object({
    serverUrl: SyncServerUrl,
    allowedServerUrls: POLICY_KEYS[1].schema,
    office: POLICY_KEYS[2].schema,
    language: Language,
    autoLockMinutes: AutoLockMinutes,
    maxAutoLockMinutes: AutoLockMinutes,
    updateMode: UpdateMode,
    updateChannel: UpdateChannel,
    updateFeedUrl: UpdateFeedUrl,
  })
  .partial()
  .strict();
export type PolicyLayer = z.infer<typeof PolicyLayer>;

/**
 * The policy file. The sectioned form lets IT suggest (`defaults`) or fix (`enforced`) each key;
 * a flat object of keys (the first format Posko read) still means "enforced".
 */
export const PolicyFile = z.union([
  z.object({ defaults: PolicyLayer.optional(), enforced: PolicyLayer.optional() }).strict(),
  PolicyLayer,
]);
export type PolicyFile = z.infer<typeof PolicyFile>;

/** Keys that mean nothing as a default: no screen lets a person change them. */
export const ENFORCED_ONLY_KEYS = POLICY_KEYS.filter((d) => !d.userChoice).map((d) => d.key) as PolicyKey[];

/** Registry names (case-insensitive, as Windows compares them) to JSON keys. */
export const REGISTRY_KEY_NAMES: ReadonlyMap<string, PolicyKey> = new Map(
  POLICY_KEYS.map((d) => [d.registryName.toLowerCase(), d.key]),
);

/** Where policy lives in the registry: machine (HKLM) wins over user (HKCU). */
export const POLICY_REGISTRY_PATH = 'Software\\Policies\\Posko';
export const POLICY_REGISTRY_RECOMMENDED_PATH = 'Software\\Policies\\Posko\\Recommended';
export const POLICY_FILE_LOCATIONS = {
  linux: '/etc/posko/policy.json',
  darwin: '/Library/Application Support/Posko/policy.json',
} as const;
