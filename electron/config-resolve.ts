// Resolves every managed setting from its layers and records where each value
// came from. Precedence, highest first: enforced policy (machine over user),
// environment, the person's own choice, policy defaults (machine over user),
// built-in. Then two policy limits filter every candidate: allowedServerUrls
// and maxAutoLockMinutes; a value outside them is ignored and reported, and
// the next layer down is used.
import { AppConfig, CONFIG_KEYS, type ConfigKey, type UserSettingsPatch } from '../shared/platform/bridge';
import type { IgnoredPolicy, PolicyDiagnostics, SettingOrigin } from '../shared/platform/policy-diagnostics';
import { POLICY_KEYS, type PolicyKey, type PolicyLayer } from '../shared/platform/policy-schema';
import type { PolicyLayerRead } from './policy-sources';

type Value = string | number | boolean | string[];
export type EffectiveSettings = { [K in PolicyKey]-?: NonNullable<PolicyLayer[K]> };

export interface ResolveInput {
  user: UserSettingsPatch;
  /** The settings file, for diagnostics. */
  userWhere: string;
  env: PolicyLayer;
  /** Name of the environment variable behind each env key. */
  envWhere: Partial<Record<PolicyKey, string>>;
  policy: PolicyLayerRead[];
  /** What the sources already ignored (untrusted file, bad value...). */
  ignored: IgnoredPolicy[];
  checked: string[];
}

export interface Resolved {
  config: AppConfig;
  settings: EffectiveSettings;
  diagnostics: PolicyDiagnostics;
}

interface Candidate {
  value: Value;
  origin: SettingOrigin;
  /** Set by enforced policy or the environment (a limit's fallback value is not: the person may pick within it). */
  locks?: boolean;
}

const USER_KEYS = new Set<string>(CONFIG_KEYS);

/** Compares server addresses as the console uses them: scheme, host, port and path, no trailing slash. */
export function sameServer(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

function candidatesFor(key: PolicyKey, input: ResolveInput): Candidate[] {
  const out: Candidate[] = [];
  const fromLayers = (scope: 'default' | 'enforced', kind: SettingOrigin['kind']) => {
    for (const layer of [...input.policy].reverse()) {
      const value = layer.values[key];
      if (layer.scope === scope && value !== undefined)
        out.push({ value, origin: { kind, where: layer.where }, locks: scope === 'enforced' });
    }
  };
  fromLayers('enforced', 'policy');
  const env = input.env[key];
  if (env !== undefined)
    out.push({
      value: env,
      origin: { kind: 'environment', where: input.envWhere[key] ?? null },
      locks: true,
    });
  const user = USER_KEYS.has(key) ? input.user[key as ConfigKey] : undefined;
  if (user !== undefined) out.push({ value: user, origin: { kind: 'user', where: input.userWhere } });
  fromLayers('default', 'policy-default');
  return out;
}

export function resolveSettings(input: ResolveInput): Resolved {
  const ignored: IgnoredPolicy[] = [...input.ignored];
  const chosen = new Map<PolicyKey, Candidate>();
  // Limits first: they are IT-only keys, so only enforced policy (or the built-in) sets them.
  const order: PolicyKey[] = [
    'allowedServerUrls',
    'maxAutoLockMinutes',
    ...POLICY_KEYS.map((d) => d.key).filter((k) => k !== 'allowedServerUrls' && k !== 'maxAutoLockMinutes'),
  ];
  for (const key of order) {
    const def = POLICY_KEYS.find((d) => d.key === key)!;
    const builtIn: Candidate = { value: def.defaultValue as Value, origin: { kind: 'default', where: null } };
    let pick: Candidate | undefined;
    for (const candidate of candidatesFor(key, input)) {
      const refusal = limitRefusal(key, candidate.value, chosen);
      if (!refusal) {
        pick = candidate;
        break;
      }
      const where = candidate.origin.where ?? candidate.origin.kind;
      ignored.push({ where, key, ...refusal });
    }
    if (!pick) pick = builtInWithinLimits(key, builtIn, chosen);
    chosen.set(key, pick);
  }

  const value = <K extends PolicyKey>(key: K) => chosen.get(key)!.value as EffectiveSettings[K];
  const settings = Object.fromEntries(order.map((k) => [k, value(k)])) as EffectiveSettings;
  const isLocked = (key: PolicyKey) => chosen.get(key)!.locks === true;
  const config = AppConfig.parse({
    serverUrl: settings.serverUrl,
    language: settings.language,
    autoLockMinutes: settings.autoLockMinutes,
    locked: CONFIG_KEYS.filter((k) => isLocked(k)).sort(),
  });
  const diagnostics: PolicyDiagnostics = {
    settings: POLICY_KEYS.map((d) => ({
      key: d.key,
      value: chosen.get(d.key)!.value,
      origin: chosen.get(d.key)!.origin,
      locked: isLocked(d.key),
    })),
    ignored,
    checked: input.checked,
  };
  return { config, settings, diagnostics };
}

function limitRefusal(
  key: PolicyKey,
  value: Value,
  chosen: Map<PolicyKey, Candidate>,
): Pick<IgnoredPolicy, 'reason' | 'detail'> | null {
  if (key === 'serverUrl') {
    const allowed = chosen.get('allowedServerUrls')?.value as string[] | undefined;
    if (allowed && allowed.length > 0 && !allowed.some((a) => sameServer(a, value as string))) {
      return { reason: 'not-allowed', detail: `${String(value)} is not in allowedServerUrls` };
    }
  }
  if (key === 'autoLockMinutes') {
    const max = chosen.get('maxAutoLockMinutes')?.value as number;
    if ((value as number) > max) {
      return {
        reason: 'above-maximum',
        detail: `${String(value)} minutes is above maxAutoLockMinutes (${max})`,
      };
    }
  }
  return null;
}

/** When even the built-in value breaks a limit, the limit's own value (and origin) is used. */
function builtInWithinLimits(
  key: PolicyKey,
  builtIn: Candidate,
  chosen: Map<PolicyKey, Candidate>,
): Candidate {
  if (!limitRefusal(key, builtIn.value, chosen)) return builtIn;
  if (key === 'serverUrl') {
    const allow = chosen.get('allowedServerUrls')!;
    return { value: (allow.value as string[])[0]!, origin: allow.origin, locks: false };
  }
  const max = chosen.get('maxAutoLockMinutes')!;
  return { value: max.value, origin: max.origin, locks: false };
}

/** Why the person may not save this patch under the policy limits, or null. */
export function patchRefusal(patch: UserSettingsPatch, settings: EffectiveSettings): string | null {
  if (patch.serverUrl !== undefined && settings.allowedServerUrls.length > 0) {
    if (!settings.allowedServerUrls.some((a) => sameServer(a, patch.serverUrl!))) {
      return `your organization allows only these servers: ${settings.allowedServerUrls.join(', ')}`;
    }
  }
  if (patch.autoLockMinutes !== undefined && patch.autoLockMinutes > settings.maxAutoLockMinutes) {
    return `your organization allows auto-lock up to ${settings.maxAutoLockMinutes} minutes`;
  }
  return null;
}
