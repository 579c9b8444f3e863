// Environment of the server process and the admin CLI, parsed with zod so a
// typo in a deployment fails loudly at start instead of misbehaving later.
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

export const ServerEnv = z.object({
  POSKO_HOST: z.string().min(1).default('127.0.0.1'),
  POSKO_PORT: z.coerce.number().int().min(0).max(65535).default(4870),
  POSKO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL (leave unset for SQLite)',
  }),
  POSKO_ADMIN_USERNAME: optionalText,
  POSKO_ADMIN_PASSWORD: optionalText,
  POSKO_CONSOLE_DIR: optionalText,
  POSKO_CORS_ORIGINS: optionalText.transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  ),
  POSKO_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  POSKO_CASE_TIMEZONE: z.string().min(1).default('Asia/Jakarta'),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = ServerEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
