// The security headers of every response, in one place: Fastify replies get them from an onSend
// hook, while the event stream (a hijacked reply) and the raw answers to malformed HTTP (written
// straight to the socket) get the same set from here.
import { buildConsoleCsp } from '../shared/platform/csp';

/**
 * The console's policy, defined once in shared/platform/csp.ts (the desktop shell and the built
 * index.html carry the same); served from here the console talks to this origin only, so
 * connect-src stays 'self'.
 */
export const CONSOLE_CSP = buildConsoleCsp();

/** API answers are never cached; console pages carry the CSP. */
export function securityHeaders(url: string): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  if (url.startsWith('/v1/')) headers['cache-control'] = 'no-store';
  else headers['content-security-policy'] = CONSOLE_CSP;
  return headers;
}
