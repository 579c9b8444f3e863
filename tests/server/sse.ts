// Reads Server-Sent Events `poke` frames from /v1/sync/events in the server suites.
import { expect } from 'vitest';
import { takePokes } from '../support/server-test-kit';

/** Reads SSE `poke` events from a stream until `until` accepts one. */
export async function readPokes(
  url: string,
  token: string,
  until: (seq: number) => boolean,
  timeoutMs = 5000,
): Promise<number[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: number[] = [];
  try {
    // The token goes in the Authorization header: the server takes no token from a URL.
    const res = await fetch(url, {
      signal: controller.signal,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const { seqs, rest } = takePokes(buffer + decoder.decode(value, { stream: true }));
      buffer = rest;
      for (const seq of seqs) {
        seen.push(seq);
        if (until(seq)) return seen;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}
