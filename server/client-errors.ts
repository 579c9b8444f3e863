// Answers to requests Node's HTTP parser gives up on before Fastify sees them: headers or URL
// (query string included) over Node's 16 KB, a client too slow to send its headers or body,
// malformed HTTP. They get the documented error shape and the usual security headers instead of
// Node's bare 431/408. The connection is closed gently: the answer is sent, our side ends, and
// whatever the client is still sending is read and dropped for a moment, so the client reads the
// answer instead of a reset it would take for a network drop.
import http from 'node:http';
import type { Socket } from 'node:net';
import { securityHeaders } from './security-headers';

const LINGER_MS = 5000;
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
  drainThenClose(socket);
}

/** Reads and drops what the client still sends until it stops (or for LINGER_MS), then closes. */
function drainThenClose(socket: Socket): void {
  socket.on('error', () => undefined);
  socket.resume();
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * After a 413 Fastify closes the connection while the client is still sending the body it
 * refused: the client's next write meets a reset (EPIPE), and a client that reads only after
 * writing, or whose kernel drops unread data on the reset, never sees the 413 and takes it for a
 * network drop. So the connection still closes after the answer, but gently: our side ends, the
 * rest of the body is read and dropped, then the socket goes.
 */
export function closeGentlyAfterAnswer(socket: Socket | null): void {
  if (!socket || socket.destroyed) return;
  // Node ends a `Connection: close` response with socket.destroySoon(): end, then destroy.
  (socket as Socket & { destroySoon?: () => void }).destroySoon = () => {
    socket.end();
    drainThenClose(socket);
  };
}
