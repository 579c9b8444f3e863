// Limits and settings of document files (issue 16), from POSKO_FILES_* (docs/deployment.md).
import { z } from 'zod';
import { FILE_KINDS, type FileKind } from './magic';

const MB = 1024 * 1024;

export interface FilesConfig {
  /** Largest file accepted, in bytes (POSKO_FILES_MAX_MB, default 25). */
  maxFileBytes: number;
  /** Stored file versions per case, at most (POSKO_FILES_MAX_PER_CASE, default 100). */
  maxFilesPerCase: number;
  /** Bytes of stored files per office, at most (POSKO_FILES_OFFICE_QUOTA_MB, default 10240). */
  officeQuotaBytes: number;
  /** Share of the quota from which answers carry a warning (POSKO_FILES_QUOTA_WARN_PERCENT, default 80). */
  warnRatio: number;
  /** Detected types accepted (POSKO_FILES_TYPES, default pdf,jpeg,png,webp,heic,tiff). */
  allowedKinds: readonly FileKind[];
}

export const DEFAULT_FILES_CONFIG: FilesConfig = {
  maxFileBytes: 25 * MB,
  maxFilesPerCase: 100,
  officeQuotaBytes: 10_240 * MB,
  warnRatio: 0.8,
  allowedKinds: FILE_KINDS,
};

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));
const positive = (max: number) => z.coerce.number().positive().max(max).optional();

export const FilesEnv = z.object({
  POSKO_FILES_MAX_MB: positive(1024),
  POSKO_FILES_MAX_PER_CASE: z.coerce.number().int().min(1).max(100_000).optional(),
  POSKO_FILES_OFFICE_QUOTA_MB: positive(100 * 1024 * 1024),
  POSKO_FILES_QUOTA_WARN_PERCENT: z.coerce.number().min(1).max(100).optional(),
  POSKO_FILES_TYPES: optionalText.pipe(
    z
      .string()
      .transform((v) => v.split(',').map((k) => k.trim().toLowerCase()))
      .pipe(z.array(z.enum(FILE_KINDS)).min(1))
      .optional(),
  ),
  /** AES-256 key, 64 hex digits; wins over the key file. */
  POSKO_FILES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits (32 bytes)')
      .optional(),
  ),
  POSKO_FILES_KEY_FILE: optionalText,
});

/** The settings the environment gives (unset ones keep their defaults); throws on a bad value. */
export function readFilesEnv(env: NodeJS.ProcessEnv = process.env): {
  config: Partial<FilesConfig>;
  keyHex?: string;
  keyFile?: string;
} {
  const parsed = FilesEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const config: Partial<FilesConfig> = {};
  if (e.POSKO_FILES_MAX_MB) config.maxFileBytes = Math.floor(e.POSKO_FILES_MAX_MB * MB);
  if (e.POSKO_FILES_MAX_PER_CASE) config.maxFilesPerCase = e.POSKO_FILES_MAX_PER_CASE;
  if (e.POSKO_FILES_OFFICE_QUOTA_MB) config.officeQuotaBytes = Math.floor(e.POSKO_FILES_OFFICE_QUOTA_MB * MB);
  if (e.POSKO_FILES_QUOTA_WARN_PERCENT) config.warnRatio = e.POSKO_FILES_QUOTA_WARN_PERCENT / 100;
  if (e.POSKO_FILES_TYPES) config.allowedKinds = e.POSKO_FILES_TYPES;
  return { config, keyHex: e.POSKO_FILES_KEY, keyFile: e.POSKO_FILES_KEY_FILE };
}
