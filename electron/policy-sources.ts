// Where IT policy comes from. A source returns the policy layers it found
// (defaults and enforced, lowest precedence first) and the parts it had to
// ignore with the reason, or null when no policy is deployed. It throws only
// when the whole source cannot be trusted or parsed (the config store then
// ignores it, records why, and logs it).
import { execFile } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import type { IgnoredPolicy } from '../shared/platform/policy-diagnostics';
import {
  ENFORCED_ONLY_KEYS,
  POLICY_FILE_LOCATIONS,
  POLICY_REGISTRY_PATH,
  POLICY_REGISTRY_RECOMMENDED_PATH,
  PolicyFile,
  PolicyLayer,
  REGISTRY_KEY_NAMES,
} from '../shared/platform/policy-schema';

export interface PolicyLayerRead {
  scope: 'default' | 'enforced';
  /** File path (with the section) or registry key, for diagnostics. */
  where: string;
  values: PolicyLayer;
}

export interface PolicyRead {
  /** Lowest precedence first: a later layer of the same scope wins. */
  layers: PolicyLayerRead[];
  ignored: IgnoredPolicy[];
}

export interface PolicySource {
  read(): Promise<PolicyRead | null>;
  describe(): string;
  /** Every place this source looks (for the diagnostics view). */
  locations?(): string[];
}

export const POLICY_FILE_PATHS: Partial<Record<NodeJS.Platform, string>> = POLICY_FILE_LOCATIONS;
export const POLICY_REGISTRY_KEY = `HKLM\\${POLICY_REGISTRY_PATH}`;
const MAX_POLICY_BYTES = 64 * 1024;

/**
 * Keys older policies may still carry that no longer mean anything. They are dropped (and
 * reported) before the strict parse, so a leftover one does not make Posko ignore the whole
 * policy. `officeCode` was never used by the console (the office comes with the account).
 */
export const RETIRED_POLICY_KEYS = ['officeCode'] as const;

function dropRetired(raw: unknown, where: string, ignored: IgnoredPolicy[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const key of RETIRED_POLICY_KEYS) {
    if (key in copy) {
      ignored.push({ where, key, reason: 'retired', detail: `"${key}" is no longer used by Posko` });
      delete copy[key];
    }
  }
  return copy;
}

/** A default for a key no screen offers means nothing: reported, not applied. */
function splitDefaults(values: PolicyLayer, where: string, ignored: IgnoredPolicy[]): PolicyLayer {
  const copy: Record<string, unknown> = { ...values };
  for (const key of ENFORCED_ONLY_KEYS) {
    if (key in copy) {
      ignored.push({
        where,
        key,
        reason: 'enforced-only',
        detail: `"${key}" can only be enforced (a person cannot change it), so a default means nothing`,
      });
      delete copy[key];
    }
  }
  return copy as PolicyLayer;
}

/** Parses the policy file's JSON: sectioned ({defaults, enforced}) or flat (= enforced). */
export function parsePolicyFile(raw: unknown, file: string): PolicyRead {
  const ignored: IgnoredPolicy[] = [];
  const outer = dropRetired(raw, file, ignored);
  const sectioned =
    typeof outer === 'object' && outer !== null && ('defaults' in outer || 'enforced' in outer);
  const parsed = PolicyFile.parse(
    sectioned
      ? Object.fromEntries(
          Object.entries(outer as Record<string, unknown>).map(([k, v]) => [
            k,
            k === 'defaults' || k === 'enforced' ? dropRetired(v, `${file} (${k})`, ignored) : v,
          ]),
        )
      : outer,
  );
  const layers: PolicyLayerRead[] = [];
  if ('defaults' in parsed || 'enforced' in parsed) {
    const sections = parsed as { defaults?: PolicyLayer; enforced?: PolicyLayer };
    if (sections.defaults) {
      const where = `${file} (defaults)`;
      layers.push({ scope: 'default', where, values: splitDefaults(sections.defaults, where, ignored) });
    }
    if (sections.enforced)
      layers.push({ scope: 'enforced', where: `${file} (enforced)`, values: sections.enforced });
  } else {
    layers.push({ scope: 'enforced', where: file, values: parsed as PolicyLayer });
  }
  return { layers, ignored };
}

export interface OwnershipStat {
  uid: number;
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/**
 * A policy must be as trustworthy as the machine: owned by root and not
 * writable by group or others, and so must the folder holding it (otherwise
 * anyone could swap the file). Returns the reason for refusal, or null.
 */
export function checkPolicyOwnership(file: OwnershipStat, dir: OwnershipStat, ownerUid = 0): string | null {
  if (!file.isFile()) return 'policy is not a regular file';
  if (file.uid !== ownerUid) return `policy file is owned by uid ${file.uid}, not root`;
  if ((file.mode & 0o022) !== 0) return 'policy file is writable by group or others';
  if (!dir.isDirectory()) return 'policy folder is not a directory';
  if (dir.uid !== ownerUid) return `policy folder is owned by uid ${dir.uid}, not root`;
  if ((dir.mode & 0o022) !== 0) return 'policy folder is writable by group or others';
  return null;
}

export class FilePolicySource implements PolicySource {
  /** ownerUid is 0 (root) in production; tests pass their own uid. */
  constructor(
    private readonly file: string,
    private readonly ownerUid = 0,
  ) {}

  describe(): string {
    return this.file;
  }

  locations(): string[] {
    return [this.file];
  }

  async read(): Promise<PolicyRead | null> {
    let handle: fs.FileHandle;
    try {
      // O_NOFOLLOW: a symlink at the policy path is refused outright.
      handle = await fs.open(this.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      // Check the opened descriptor, not the path, so the file cannot be
      // swapped between the check and the read.
      const stat = await handle.stat();
      const dirStat = await fs.lstat(path.dirname(this.file));
      const refusal = checkPolicyOwnership(stat, dirStat, this.ownerUid);
      if (refusal) throw new Error(refusal);
      if (stat.size > MAX_POLICY_BYTES) throw new Error('policy file is too large');
      const text = await handle.readFile('utf8');
      // Retired keys (officeCode) are dropped so that a leftover one does not void the policy.
      return parsePolicyFile(JSON.parse(text), this.file);
    } finally {
      await handle.close();
    }
  }
}

/**
 * Parses the output of `reg query <key>`. Value lines look like
 * "    ServerUrl    REG_SZ    https://posko.example" (four-space separated;
 * names may contain single spaces). REG_MULTI_SZ strings are joined by a
 * literal "\\0". Unknown values are ignored; the result is validated as a
 * PolicyLayer so a wrong type fails loudly.
 */
export function parseRegQueryOutput(output: string): PolicyLayer {
  const raw: Record<string, unknown> = {};
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name = '', type, value = ''] = match;
    const key = REGISTRY_KEY_NAMES.get(name.trim().toLowerCase());
    if (!key) continue;
    if (type === 'REG_DWORD' || type === 'REG_QWORD') raw[key] = Number.parseInt(value, 16);
    else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') raw[key] = value.trim();
    else if (type === 'REG_MULTI_SZ')
      raw[key] = value
        .split('\\0')
        .map((v) => v.trim())
        .filter(Boolean);
    else throw new Error(`policy value ${name} has unsupported type ${type}`);
  }
  return PolicyLayer.parse(raw);
}

export type ExecFileFn = (
  file: string,
  args: string[],
) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

const execFileDefault: ExecFileFn = (file, args) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { windowsHide: true, timeout: 10_000, maxBuffer: 256 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ stdout: String(stdout), stderr: String(stderr), exitCode: code });
      },
    );
  });

/** The four registry keys, lowest precedence first: user before machine, so the machine wins. */
export const REGISTRY_POLICY_KEYS: ReadonlyArray<{ key: string; scope: 'default' | 'enforced' }> = [
  { key: `HKCU\\${POLICY_REGISTRY_RECOMMENDED_PATH}`, scope: 'default' },
  { key: `HKLM\\${POLICY_REGISTRY_RECOMMENDED_PATH}`, scope: 'default' },
  { key: `HKCU\\${POLICY_REGISTRY_PATH}`, scope: 'enforced' },
  { key: `HKLM\\${POLICY_REGISTRY_PATH}`, scope: 'enforced' },
];

export function reasonOf(error: unknown): { reason: IgnoredPolicy['reason']; detail: string } {
  if (error instanceof ZodError) {
    return {
      reason: 'invalid',
      detail: error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    };
  }
  if (error instanceof SyntaxError) return { reason: 'invalid', detail: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (/owned|writable|regular file|symlink|ELOOP|too large/i.test(message))
    return { reason: 'untrusted', detail: message };
  return { reason: 'unreadable', detail: message };
}

export class RegistryPolicySource implements PolicySource {
  constructor(
    private readonly exec: ExecFileFn = execFileDefault,
    private readonly systemRoot = process.env.SystemRoot ?? 'C:\\Windows',
  ) {}

  describe(): string {
    return POLICY_REGISTRY_KEY;
  }

  locations(): string[] {
    return REGISTRY_POLICY_KEYS.map((k) => k.key);
  }

  /** Each key stands alone: a bad value under HKCU does not hide the machine policy. */
  async read(): Promise<PolicyRead | null> {
    // Absolute path to reg.exe: never resolve it through PATH.
    const regExe = `${this.systemRoot}\\System32\\reg.exe`;
    const result: PolicyRead = { layers: [], ignored: [] };
    for (const { key, scope } of REGISTRY_POLICY_KEYS) {
      try {
        const { stdout, stderr, exitCode } = await this.exec(regExe, ['query', key]);
        // reg.exe exits 1 when the key does not exist: no policy there.
        if (exitCode === 1) continue;
        if (exitCode !== 0) throw new Error(`reg query failed (${exitCode}): ${stderr.trim()}`);
        const values = parseRegQueryOutput(stdout);
        result.layers.push({
          scope,
          where: key,
          values: scope === 'default' ? splitDefaults(values, key, result.ignored) : values,
        });
      } catch (error) {
        result.ignored.push({ where: key, key: null, ...reasonOf(error) });
      }
    }
    return result.layers.length === 0 && result.ignored.length === 0 ? null : result;
  }
}

export class NoPolicySource implements PolicySource {
  async read(): Promise<null> {
    return null;
  }
  locations(): string[] {
    return [];
  }
  describe(): string {
    return 'no policy source on this platform';
  }
}

export function defaultPolicySource(platform: NodeJS.Platform): PolicySource {
  if (platform === 'win32') return new RegistryPolicySource();
  const file = POLICY_FILE_PATHS[platform];
  return file ? new FilePolicySource(file) : new NoPolicySource();
}
