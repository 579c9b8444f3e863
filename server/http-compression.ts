// Compressed bodies for field staff on mobile networks (@fastify/compress): responses in brotli or
// gzip as the client's Accept-Encoding asks, and pushes sent with `Content-Encoding: gzip`.
//
// CPU: brotli quality 4 compresses a pull page of 1,000 compact cases in ~1-2 ms and smaller than
// gzip level 6 does (tests/bench/wire.bench.ts measures both against uncompressed full records);
// zlib's brotli default (11) costs ~50x that for a few percent. Bodies under 1 KB go as they are.
//
// Zip bombs: the body limit applies to the inflated request body (Fastify counts the bytes the
// decompressing stream hands it, and stops reading there), so a 1 MB gzip of 1 GB of zeros ends
// as 413 payload_too_large after 5 MB were inflated. Event streams are never compressed: the
// route hijacks its reply, is marked `compress: false`, and text/event-stream is not a
// compressible type, so a poke is never held back in a compressor's buffer.
import type { FastifyCompressOptions } from '@fastify/compress';
import { constants } from 'node:zlib';

export const COMPRESS_OPTIONS: FastifyCompressOptions = {
  global: true,
  // In the server's order of preference; zstd is left out on purpose (not in every Node 20).
  encodings: ['br', 'gzip'],
  threshold: 1024,
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  zlibOptions: { level: 6 },
  // What the console sends (CompressionStream('gzip')); any other Content-Encoding is a 415.
  requestEncodings: ['gzip'],
};
