// The console's event stream reader (renderer/sync/fetch-event-source.ts): it sends the token in
// the Authorization header, dispatches frames like EventSource (CRLF, comments, multi-line data),
// and reports a refusal or the end of the stream once, never after close().
import { describe, expect, it } from 'vitest';
import { FetchEventSource } from '../../../renderer/sync/fetch-event-source';
import { settle, until } from '../../support/manual-timers';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('FetchEventSource', () => {
  it('sends the token in the header and dispatches frames split across chunks', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const events: string[] = [];
    let errors = 0;
    let opened = 0;
    const source = new FetchEventSource(
      { url: 'http://sync.test/v1/sync/events', headers: { authorization: 'Bearer tok' } },
      async (url, init) => {
        seen.push({ url, headers: init.headers as Record<string, string> });
        return new Response(
          streamOf([
            'retry: 3000\r\nevent: poke\r\ndata: {"seq":1}\r\n\r\n: keep-alive\n\n',
            'event: poke\ndata: {"se',
            'q":2}\n\ndata: a\ndata: b\n\n',
          ]),
          { status: 200, headers: { 'content-type': 'text/event-stream' } },
        );
      },
    );
    source.onopen = () => opened++;
    source.onerror = () => errors++;
    source.addEventListener('poke', (e) => events.push(`poke ${String(e.data)}`));
    source.addEventListener('message', (e) => events.push(`message ${String(e.data)}`));
    await until(() => errors > 0, 'the end of the stream');
    await settle(); // nothing more arrives after it
    expect(seen).toEqual([
      {
        url: 'http://sync.test/v1/sync/events',
        headers: { authorization: 'Bearer tok', accept: 'text/event-stream' },
      },
    ]);
    expect(opened).toBe(1);
    expect(events).toEqual(['poke {"seq":1}', 'poke {"seq":2}', 'message a\nb']);
    // The stream ended: one error, so the live channel reconnects.
    expect(errors).toBe(1);
  });

  it('reports a refused stream (401) as an error without opening', async () => {
    let errors = 0;
    let opened = 0;
    const source = new FetchEventSource({ url: 'http://x/v1/sync/events', headers: {} }, async () =>
      Response.json({ error: { code: 'unauthenticated', message: 'x' } }, { status: 401 }),
    );
    source.onopen = () => opened++;
    source.onerror = () => errors++;
    await until(() => errors > 0, 'the refusal');
    await settle();
    expect([opened, errors]).toEqual([0, 1]);
  });

  it('is silent after close()', async () => {
    let errors = 0;
    const source = new FetchEventSource(
      { url: 'http://x/v1/sync/events', headers: {} },
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    source.onerror = () => errors++;
    source.close();
    await settle(); // time for the aborted request to reject
    expect(errors).toBe(0);
  });
});
