// Answers to requests Node's HTTP parser gives up on before Fastify sees them: headers or URL
// (query string included) over Node's 16 KB, a client too slow to send its headers or body,
// malformed HTTP. They get the documented error shape and the usual security headers instead of
// Node's bare 431/408. The connection is closed gently: the answer is sent, our side ends, and
// whatever the client is still sending is read and dropped for a moment, so the client reads the
// answer instead of a reset it would take for a network drop.
import http from 'node:http';
import type { Socket } from 'node:net';
import { securityHeaders } from './security-headers';

const LINGER_MS = 2000;
/** Node may report more errors for a socket already answered (the parser sees the drained bytes). */
const answered = new WeakSet<Socket>();

function describe(code: string | undefined): [number, string, string] {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request did not arrive in time; send it again'];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'request headers or URL (query string included) over 16 KB'];
    case 'HPE_URI_TOO_LONG':
      return [414, 'uri_too_long', 'URL too long'];
    default:
      return [400, 'bad_request', 'malformed HTTP request'];
  }
}

/** Fastify's `clientErrorHandler`. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // The client is gone: nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  const [status, code, message] = describe(err.code);
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    const headers = {
      ...securityHeaders('/v1/'),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
  }
  // Drain what the client still sends, then close for good.
  socket.on('error', () => undefined);
  socket.resume();
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
