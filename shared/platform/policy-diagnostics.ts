// What the shell tells the settings screen about managed settings: every
// setting's value and where it came from, and every policy it ignored and why
// (VS Code's users complain that a bad policy only reaches a log nobody reads).
import { z } from 'zod';
import { POLICY_KEY_NAMES, UpdateMode } from './policy-schema';

export const SETTING_ORIGIN_KINDS = ['default', 'policy-default', 'user', 'environment', 'policy'] as const;
export const SettingOrigin = z.object({
  kind: z.enum(SETTING_ORIGIN_KINDS),
  /** The policy file path, registry key, environment variable or settings file; null for built-in. */
  where: z.string().max(500).nullable(),
});
export type SettingOrigin = z.infer<typeof SettingOrigin>;

const PolicyKeyName = z.enum(POLICY_KEY_NAMES as [string, ...string[]]);

export const SettingDiagnostic = z.object({
  key: PolicyKeyName,
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
  origin: SettingOrigin,
  /** Fixed by the environment or enforced policy: "set by your organization". */
  locked: z.boolean(),
});
export type SettingDiagnostic = z.infer<typeof SettingDiagnostic>;

export const IGNORED_REASONS = [
  'untrusted',
  'invalid',
  'unreadable',
  'not-allowed',
  'above-maximum',
  'enforced-only',
  'retired',
] as const;
export const IgnoredPolicy = z.object({
  where: z.string().max(500),
  key: z.string().max(100).nullable(),
  reason: z.enum(IGNORED_REASONS),
  /** The technical detail (English, from the parser), shown as it is for IT. */
  detail: z.string().max(2000),
});
export type IgnoredPolicy = z.infer<typeof IgnoredPolicy>;

export const PolicyDiagnostics = z.object({
  settings: z.array(SettingDiagnostic),
  ignored: z.array(IgnoredPolicy),
  /** Where the shell looked for policy at start (found or not). */
  checked: z.array(z.string().max(500)),
});
export type PolicyDiagnostics = z.infer<typeof PolicyDiagnostics>;

export const UPDATE_STATES = [
  'disabled',
  'idle',
  'checking',
  'available',
  'not-available',
  'downloading',
  'downloaded',
  'error',
] as const;
export const UpdateStatus = z.object({
  mode: UpdateMode,
  /** Why updates are (not) allowed here: a code the screen translates. */
  reason: z.enum([
    'allowed',
    'policy-none',
    'msi',
    'per-machine-needs-policy',
    'not-packaged',
    'unsupported-install',
    'no-feed',
  ]),
  state: z.enum(UPDATE_STATES),
  channel: z.string().max(32),
  currentVersion: z.string().max(64),
  availableVersion: z.string().max(64).nullable(),
  percent: z.number().min(0).max(100).nullable(),
  error: z.string().max(500).nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;
