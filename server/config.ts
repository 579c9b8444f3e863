// Environment of the server process and the admin CLI, parsed with zod so a
// typo in a deployment fails loudly at start instead of misbehaving later.
import { isIP } from 'node:net';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

const list = optionalText.transform((v) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [],
);

/** An address, a CIDR block (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's names. */
export function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [ip, bits, ...rest] = entry.split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const millis = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);

/** Defaults of the HTTP timeouts (milliseconds); docs/deployment.md explains each. */
export const DEFAULT_TIMEOUTS = {
  headersMs: 15_000,
  requestMs: 120_000,
  idleMs: 120_000,
  keepAliveMs: 10_000,
} as const;

export const ServerEnv = z
  .object({
    POSKO_HOST: z.string().min(1).default('127.0.0.1'),
    POSKO_PORT: z.coerce.number().int().min(0).max(65535).default(4870),
    POSKO_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a postgres:// or postgresql:// URL (leave unset for SQLite)',
    }),
    POSKO_ADMIN_USERNAME: optionalText,
    POSKO_ADMIN_PASSWORD: optionalText,
    POSKO_CONSOLE_DIR: optionalText,
    POSKO_CORS_ORIGINS: list,
    /** Off by default: X-Forwarded-For is honoured only from these proxies. */
    POSKO_TRUST_PROXY: list.refine((entries) => entries.every(isProxyAddress), {
      message: 'a comma-separated list of proxy addresses or CIDR blocks (e.g. 127.0.0.1,10.0.0.0/8)',
    }),
    POSKO_LOGIN_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    POSKO_LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
    POSKO_LOGIN_WINDOW_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(15),
    POSKO_HEADERS_TIMEOUT_MS: millis(DEFAULT_TIMEOUTS.headersMs),
    POSKO_REQUEST_TIMEOUT_MS: millis(DEFAULT_TIMEOUTS.requestMs),
    POSKO_IDLE_TIMEOUT_MS: millis(DEFAULT_TIMEOUTS.idleMs),
    POSKO_KEEP_ALIVE_TIMEOUT_MS: millis(DEFAULT_TIMEOUTS.keepAliveMs),
    POSKO_SESSION_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    POSKO_CASE_TIMEZONE: z.string().min(1).default('Asia/Jakarta'),
    /** false: only the desktop app may use the API (issue 19); the browser console is refused. */
    POSKO_ALLOW_BROWSER_CONSOLE: z
      .enum(['true', 'false', '1', '0'], { message: 'true or false' })
      .optional()
      .transform((v) => v === undefined || v === 'true' || v === '1'),
  })
  .refine(
    (env) =>
      env.POSKO_REQUEST_TIMEOUT_MS === 0 ||
      (env.POSKO_HEADERS_TIMEOUT_MS > 0 && env.POSKO_HEADERS_TIMEOUT_MS <= env.POSKO_REQUEST_TIMEOUT_MS),
    {
      message: 'POSKO_HEADERS_TIMEOUT_MS must be above 0 and at most POSKO_REQUEST_TIMEOUT_MS',
      path: ['POSKO_HEADERS_TIMEOUT_MS'],
    },
  );
export type ServerEnv = z.infer<typeof ServerEnv>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = ServerEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
