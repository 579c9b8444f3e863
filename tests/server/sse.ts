// Reads Server-Sent Events `poke` frames from /v1/sync/events in the server suites.
import { expect } from 'vitest';

/** Reads SSE `poke` events from a stream until `until` accepts one. */
export async function readPokes(
  url: string,
  until: (seq: number) => boolean,
  timeoutMs = 5000,
): Promise<number[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: number[] = [];
  try {
    const res = await fetch(url, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let idx: number;
      while ((idx = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (frame.includes('event: poke') && data) {
          const seq = (JSON.parse(data.slice(6)) as { seq: number }).seq;
          seen.push(seq);
          if (until(seq)) return seen;
        }
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}
