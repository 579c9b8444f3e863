// Where IT policy comes from. Each source returns a parsed ConfigLayer, null
// when no policy is deployed, or throws when a policy exists but cannot be
// trusted or parsed (the config store then ignores it and logs why).
import { execFile } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigLayer, parseConfigLayer } from './config';

export interface PolicySource {
  read(): Promise<ConfigLayer | null>;
  describe(): string;
}

export const POLICY_FILE_PATHS: Partial<Record<NodeJS.Platform, string>> = {
  linux: '/etc/posko/policy.json',
  darwin: '/Library/Application Support/Posko/policy.json',
};
export const POLICY_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Policies\\Posko';
const MAX_POLICY_BYTES = 64 * 1024;

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

  async read(): Promise<ConfigLayer | null> {
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
      return parseConfigLayer(JSON.parse(text));
    } finally {
      await handle.close();
    }
  }
}

const REGISTRY_NAMES: Record<string, keyof ConfigLayer> = {
  serverurl: 'serverUrl',
  language: 'language',
  autolockminutes: 'autoLockMinutes',
};

/**
 * Parses the output of `reg query <key>`. Value lines look like
 * "    ServerUrl    REG_SZ    https://posko.example" (four-space separated;
 * names may contain single spaces). Unknown values are ignored; the result is
 * validated as a ConfigLayer so a wrong type fails loudly.
 */
export function parseRegQueryOutput(output: string): ConfigLayer {
  const raw: Record<string, unknown> = {};
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name = '', type, value = ''] = match;
    const key = REGISTRY_NAMES[name.trim().toLowerCase()];
    if (!key) continue;
    if (type === 'REG_DWORD' || type === 'REG_QWORD') raw[key] = Number.parseInt(value, 16);
    else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') raw[key] = value.trim();
    else throw new Error(`policy value ${name} has unsupported type ${type}`);
  }
  return ConfigLayer.parse(raw);
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

export class RegistryPolicySource implements PolicySource {
  constructor(
    private readonly exec: ExecFileFn = execFileDefault,
    private readonly systemRoot = process.env.SystemRoot ?? 'C:\\Windows',
  ) {}

  describe(): string {
    return POLICY_REGISTRY_KEY;
  }

  async read(): Promise<ConfigLayer | null> {
    // Absolute path to reg.exe: never resolve it through PATH.
    const regExe = `${this.systemRoot}\\System32\\reg.exe`;
    const { stdout, stderr, exitCode } = await this.exec(regExe, ['query', POLICY_REGISTRY_KEY]);
    // reg.exe exits 1 when the key does not exist: no policy deployed.
    if (exitCode === 1) return null;
    if (exitCode !== 0) throw new Error(`reg query failed (${exitCode}): ${stderr.trim()}`);
    return parseRegQueryOutput(stdout);
  }
}

export class NoPolicySource implements PolicySource {
  async read(): Promise<null> {
    return null;
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
