// The security headers of every response, in one place: Fastify replies get them from an onSend
// hook, while the event stream (a hijacked reply) and the raw answers to malformed HTTP (written
// straight to the socket) get the same set from here.
export const CONSOLE_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
