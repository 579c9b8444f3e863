// An EventSource over fetch, so the event stream is opened with the token in the Authorization
// header: the browser EventSource cannot set headers, and a token in the URL ends up in proxy
// logs. Reads `event:`/`data:` frames and dispatches them like EventSource; comment lines (the
// server's heartbeats) are skipped. Reconnecting is the LiveChannel's job, not this one's: any
// failure, a non-2xx answer or the end of the stream is one `onerror`.
import type { EventSourceLike, StreamTarget } from './live';

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export class FetchEventSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  private readonly controller = new AbortController();

  constructor(target: StreamTarget, fetchFn: FetchFn = (input, init) => fetch(input, init)) {
    void this.run(target, fetchFn);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.controller.abort();
  }

  private dispatch(frame: string): void {
    let type = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const event = { type, data: data.join('\n') } as MessageEvent;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  private async run(target: StreamTarget, fetchFn: FetchFn): Promise<void> {
    try {
      const response = await fetchFn(target.url, {
        signal: this.controller.signal,
        headers: { ...target.headers, accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      this.onopen?.(new Event('open'));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer = (buffer + value).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      if (!this.controller.signal.aborted) this.onerror?.(new Event('error'));
    }
  }
}

/** The console's factory: every stream opened over fetch with the session's header. */
export const fetchEventSource = (target: StreamTarget): EventSourceLike => new FetchEventSource(target);
